/**
 * The flavor extra specs Nova knows (`nova/api/validation/extra_specs`), as
 * data: a name pattern per key and the shape of its value. From microversion
 * 2.86 the API checks every key against this table (`validateExtraSpec`): a
 * known key with a bad value, or an unknown key in a known namespace, is 400;
 * a key without a namespace or in a namespace nobody registered passes.
 */
import { InvalidInput } from '../errors/common-errors.js';
import { STANDARD_RESOURCE_CLASSES } from '../placement/resource-classes.js';
import { STANDARD_TRAITS } from '../placement/standard-traits.js';

export type ExtraSpecValue =
  | { readonly type: 'str'; readonly enum?: readonly string[]; readonly pattern?: string }
  | { readonly type: 'int'; readonly min?: number; readonly max?: number }
  | { readonly type: 'bool' };

export interface ExtraSpecRule {
  /** The key as Nova documents it, `{name}` marking a parameter. */
  readonly name: string;
  /** The whole key must match this. */
  readonly key: RegExp;
  readonly value: ExtraSpecValue;
}

export class ExtraSpecValidationFailed extends InvalidInput {
  override readonly code: string = 'nova.flavor.extra_spec_invalid';
}

const STR: ExtraSpecValue = { type: 'str' };
const BOOL: ExtraSpecValue = { type: 'bool' };
const int = (min?: number, max?: number): ExtraSpecValue => ({ type: 'int', min, max });
const oneOf = (...values: string[]): ExtraSpecValue => ({ type: 'str', enum: values });
const like = (pattern: string): ExtraSpecValue => ({ type: 'str', pattern });

const CPU_MASK = '\\^?\\d+((-\\d+)?(,\\^?\\d+(-\\d+)?)?)*';
const SHARES_LEVEL = oneOf('custom', 'high', 'normal', 'low');
/** The request group suffix of `resources{group}:` and `trait{group}:` (empty: the unnumbered group). */
const GROUP = '(?:[a-zA-Z0-9_-]{1,64})?';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exact = (name: string, value: ExtraSpecValue): ExtraSpecRule => ({
  name,
  key: new RegExp(`^${escapeRegExp(name)}$`),
  value,
});
const pattern = (name: string, key: string, value: ExtraSpecValue): ExtraSpecRule => ({
  name,
  key: new RegExp(`^${key}$`),
  value,
});

const HW: [string, ExtraSpecValue][] = [
  ['hw:boot_menu', BOOL],
  ['hw:cpu_cores', int(1)],
  ['hw:cpu_dedicated_mask', like(CPU_MASK)],
  ['hw:cpu_policy', oneOf('dedicated', 'shared', 'mixed')],
  ['hw:cpu_realtime', BOOL],
  ['hw:cpu_realtime_mask', like(CPU_MASK)],
  ['hw:cpu_sockets', int(1)],
  ['hw:cpu_thread_policy', oneOf('prefer', 'isolate', 'require')],
  ['hw:cpu_threads', int(1)],
  ['hw:emulator_threads_policy', oneOf('isolate', 'share')],
  ['hw:ephemeral_encryption', BOOL],
  ['hw:ephemeral_encryption_format', oneOf('plain', 'luks', 'luksv2')],
  ['hw:hide_hypervisor_id', BOOL],
  ['hw:locked_memory', BOOL],
  ['hw:max_cpu_cores', int(1)],
  ['hw:max_cpu_sockets', int(1)],
  ['hw:max_cpu_threads', int(1)],
  ['hw:mem_encryption', BOOL],
  ['hw:mem_page_size', like('(large|small|any|\\d+([kKMGT]i?)?(b|bit|B)?)')],
  ['hw:numa_nodes', int(1)],
  ['hw:pci_numa_affinity_policy', oneOf('required', 'preferred', 'legacy', 'socket')],
  ['hw:pmem', like('([a-zA-Z0-9_]+(,)?)+')],
  ['hw:pmu', BOOL],
  ['hw:serial_port_count', int(0)],
  ['hw:tpm_model', oneOf('tpm-tis', 'tpm-crb')],
  ['hw:tpm_version', oneOf('1.2', '2.0')],
  ['hw:vif_multiqueue_enabled', BOOL],
  ['hw:viommu_model', oneOf('intel', 'smmuv3', 'virtio', 'auto')],
  ['hw:watchdog_action', oneOf('none', 'pause', 'poweroff', 'reset', 'disabled')],
  ['hw_rng:allowed', BOOL],
  ['hw_rng:rate_bytes', int(0)],
  ['hw_rng:rate_period', int(0)],
  ['hw_video:ram_max_mb', int(0)],
  ['hide_hypervisor_id', BOOL],
  ['group_policy', oneOf('isolate', 'none')],
];

const OS: [string, ExtraSpecValue][] = [
  ['os:monitors', int(1, 8)],
  ['os:resolution', oneOf('1024x768', '1280x1024', '1600x1200', '1920x1200', '2560x1600', '3840x2160')],
  ['os:secure_boot', oneOf('disabled', 'required')],
  ['os:vram', oneOf('64', '128', '256', '512', '1024')],
  ['pci_passthrough:alias', like('[^:]+:\\d+(?:\\s*,\\s*[^:]+:\\d+)*')],
  ['accel:device_profile', STR],
  ['vmware:hw_version', STR],
  ['vmware:storage_policy', STR],
];

/** quota:{cpu,memory,disk_io,vif}_{limit,reservation,shares_level,shares_share} plus libvirt's extra ones. */
function quotaRules(): [string, ExtraSpecValue][] {
  const out: [string, ExtraSpecValue][] = [
    ['quota:cpu_shares', int(0)],
    ['quota:cpu_period', int(0)],
    ['quota:cpu_quota', int()],
  ];
  for (const what of ['cpu', 'memory', 'disk_io', 'vif']) {
    out.push(
      [`quota:${what}_limit`, int(0)],
      [`quota:${what}_reservation`, int()],
      [`quota:${what}_shares_level`, SHARES_LEVEL],
      [`quota:${what}_shares_share`, int(0)],
    );
  }
  for (const op of ['read', 'write', 'total'])
    for (const unit of ['bytes', 'iops']) out.push([`quota:disk_${op}_${unit}_sec`, int(0)]);
  for (const dir of ['inbound', 'outbound'])
    for (const what of ['average', 'peak', 'burst']) out.push([`quota:vif_${dir}_${what}`, int(0)]);
  return out;
}

const CAPABILITIES = [
  'aggregates',
  'cell_uuid',
  'cpu_allocation_ratio',
  'current_workload',
  'disk_allocation_ratio',
  'disk_available_least',
  'disk_mb_used',
  'failed_builds',
  'free_disk_gb',
  'free_disk_mb',
  'free_ram_mb',
  'host',
  'host_ip',
  'hypervisor_hostname',
  'hypervisor_type',
  'hypervisor_version',
  'id',
  'local_gb',
  'local_gb_used',
  'mapped',
  'memory_mb',
  'memory_mb_used',
  'num_instances',
  'num_io_ops',
  'ram_allocation_ratio',
  'running_vms',
  'service_id',
  'total_usable_disk_gb',
  'total_usable_ram_mb',
  'updated',
  'uuid',
  'vcpus',
  'vcpus_total',
  'vcpus_used',
];
/** Capabilities that take a `:sub:key` path (`capabilities:stats:foo`). */
const CAPABILITY_TREES = [
  'cpu_info',
  'instances',
  'limits',
  'metrics',
  'nodename',
  'numa_topology',
  'pci_device_pools',
  'pci_stats',
  'stats',
  'supported_hv_specs',
  'supported_instances',
];

const TRAIT_NAMES = `(?:${[...STANDARD_TRAITS].map(escapeRegExp).join('|')}|CUSTOM_[A-Z0-9_]+)`;
const RESOURCE_NAMES = `(?:${STANDARD_RESOURCE_CLASSES.map(escapeRegExp).join('|')}|CUSTOM_[A-Z0-9_]+)`;

/** Every rule, checked in order; the first whose key matches decides. */
export const EXTRA_SPEC_RULES: readonly ExtraSpecRule[] = [
  ...[...HW, ...OS, ...quotaRules()].map(([name, value]) => exact(name, value)),
  ...CAPABILITIES.map((c) => exact(`capabilities:${c}`, STR)),
  ...CAPABILITY_TREES.map((c) => pattern(`capabilities:${c}{filter}`, `capabilities:${c}(?::\\w+)*`, STR)),
  pattern('hw:numa_cpus.{num}', 'hw:numa_cpus\\.\\d+', like(CPU_MASK)),
  pattern('hw:numa_mem.{num}', 'hw:numa_mem\\.\\d+', int(1)),
  pattern('aggregate_instance_extra_specs:{key}', 'aggregate_instance_extra_specs:.+', STR),
  pattern('resources{group}:{resource_class}', `resources${GROUP}:${RESOURCE_NAMES}`, int()),
  pattern('trait{group}:{trait}', `trait${GROUP}:${TRAIT_NAMES}`, oneOf('required', 'forbidden')),
];

/** Namespaces (the part before the first `:`) whose unknown keys are refused. */
const NAMESPACES: readonly RegExp[] = [
  'accel',
  'aggregate_instance_extra_specs',
  'capabilities',
  'hw',
  'hw_rng',
  'hw_video',
  'os',
  'pci_passthrough',
  'quota',
  'vmware',
  `resources${GROUP}`,
  `trait${GROUP}`,
].map((n) => new RegExp(`^${n}$`));

/** oslo.utils' strict bool_from_string. */
const BOOL_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes', '0', 'f', 'false', 'off', 'n', 'no']);

function checkValue(v: ExtraSpecValue, value: string): void {
  if (v.type === 'bool') {
    if (!BOOL_STRINGS.has(value.trim().toLowerCase()))
      throw new ExtraSpecValidationFailed(`Validation failed; '${value}' is not a valid boolean-like value.`);
  } else if (v.type === 'int') {
    const trimmed = value.trim();
    if (!/^[+-]?\d+$/.test(trimmed))
      throw new ExtraSpecValidationFailed(`Validation failed; '${value}' is not a valid integer value.`);
    const n = Number(trimmed);
    if (v.max !== undefined && n > v.max)
      throw new ExtraSpecValidationFailed(
        `Validation failed; '${n}' is greater than the max value of '${v.max}'.`,
      );
    if (v.min !== undefined && n < v.min)
      throw new ExtraSpecValidationFailed(
        `Validation failed; '${n}' is less than the min value of '${v.min}'.`,
      );
  } else if (v.pattern !== undefined) {
    if (!new RegExp(`^(?:${v.pattern})$`).test(value))
      throw new ExtraSpecValidationFailed(
        `Validation failed; '${value}' is not of the format '${v.pattern}'.`,
      );
  } else if (v.enum && !v.enum.includes(value)) {
    throw new ExtraSpecValidationFailed(`Validation failed; '${value}' is not one of: ${v.enum.join(', ')}.`);
  }
}

/**
 * Checks one extra spec as Nova's `validators.validate` does from 2.86;
 * throws ExtraSpecValidationFailed (400) with Nova's message.
 */
export function validateExtraSpec(name: string, value: string): void {
  const rule = EXTRA_SPEC_RULES.find((r) => r.key.test(name));
  if (rule) {
    checkValue(rule.value, value);
    return;
  }
  const colon = name.indexOf(':');
  if (colon < 0) return;
  const namespace = name.slice(0, colon);
  if (NAMESPACES.some((n) => n.test(namespace)))
    throw new ExtraSpecValidationFailed(
      `Validation failed; extra spec '${name}' does not appear to be a valid extra spec.`,
    );
}
