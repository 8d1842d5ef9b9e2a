/**
 * ImagePropertiesFilter: the image's architecture, hypervisor type and VM
 * mode must appear together in one of the host's `supported_instances`,
 * and `img_hv_requested_version` must accept the hypervisor version (Nova's
 * `image_props_filter.py`). An image asking for none of them fits anywhere;
 * a host advertising nothing fits only such images.
 */
import type { RequestSpec } from '../../objects/request-spec.js';
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';

export const REASON_IMAGE_PROPERTIES = 'image properties not supported';
export const REASON_HYPERVISOR_VERSION = 'hypervisor version not accepted';
const UNSUPPORTED = rejectHost(REASON_IMAGE_PROPERTIES);
const VERSION = rejectHost(REASON_HYPERVISOR_VERSION);

/** Nova's `arch.canonicalize`. */
export function canonicalArch(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (n === 'i386' || n === 'i486' || n === 'i586' || n === 'x86_32' || n === 'x86_32p') return 'i686';
  return n === 'amd64' ? 'x86_64' : n;
}

/** Nova's `hv_type.canonicalize`. */
export function canonicalHvType(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return n === 'xapi' ? 'xen' : n;
}

/** Nova's `vm_mode.canonicalize`. */
export function canonicalVmMode(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (n === 'hv' || n === 'baremetal') return 'hvm';
  return n === 'pv' ? 'xen' : n;
}

/** Nova's `convert_version_to_str`: 6002000 -> "6.2.0". */
export function versionToString(version: number): string {
  const parts: number[] = [];
  for (let v = version; v !== 0; v = Math.floor(v / 1000)) parts.unshift(v % 1000);
  return parts.join('.');
}

function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A distutils VersionPredicate body such as ">=6.0, <6.2" against `version`. */
export function versionSatisfies(version: string, predicate: string): boolean {
  for (const clause of predicate.split(',')) {
    const m = /^\s*(>=|<=|==|!=|>|<)?\s*([0-9.]+)\s*$/.exec(clause);
    if (m === null) return false;
    const d = compareVersions(version, m[2] as string);
    const ok = { '>=': d >= 0, '<=': d <= 0, '==': d === 0, '!=': d !== 0, '>': d > 0, '<': d < 0 }[
      (m[1] ?? '==') as '=='
    ];
    if (!ok) return false;
  }
  return true;
}

interface Wanted {
  readonly props: readonly (string | undefined)[];
  readonly version: string | undefined;
}

/** The image properties this filter checks; legacy Glance names are read too. */
function wantedProps(spec: Readonly<RequestSpec>, defaultArch: string | null): Wanted {
  const p = spec.image?.properties ?? {};
  const arch = p.hw_architecture ?? p.architecture ?? defaultArch ?? undefined;
  return {
    props: [
      canonicalArch(arch),
      canonicalHvType(p.img_hv_type ?? p.hypervisor_type),
      canonicalVmMode(p.hw_vm_mode ?? p.vm_mode),
    ],
    version: p.img_hv_requested_version ?? p.hypervisor_version_requires,
  };
}

export function createImagePropertiesFilter(opts: SchedulerOptions): HostFilter {
  const defaultArch = opts.filter_scheduler.image_properties_default_architecture;
  // NOTE(speed): the wanted triple depends only on the spec; keep the last one.
  let lastSpec: Readonly<RequestSpec> | null = null;
  let last: Wanted = { props: [], version: undefined };
  const wanted = (spec: Readonly<RequestSpec>): Wanted => {
    if (spec !== lastSpec) {
      last = wantedProps(spec, defaultArch);
      lastSpec = spec;
    }
    return last;
  };
  return {
    name: FilterName.IMAGE_PROPERTIES,
    runOnRebuild: true,
    oncePerRequest: false,
    skipFor: (spec) => !wanted(spec).props.some((p) => p !== undefined),
    hostPasses(host, spec) {
      const { props, version } = wanted(spec);
      if (!props.some((p) => p !== undefined)) return PASS;
      const supported = host.supported_instances;
      if (!supported || supported.length === 0) return UNSUPPORTED;
      let matched = false;
      for (const triple of supported) {
        const canon = [canonicalArch(triple[0]), canonicalHvType(triple[1]), canonicalVmMode(triple[2])];
        if (!props.every((p, i) => p === undefined || p === canon[i])) continue;
        matched = true;
        if (!version || !host.hypervisor_version) return PASS;
        if (versionSatisfies(versionToString(host.hypervisor_version), version)) return PASS;
      }
      return matched ? VERSION : UNSUPPORTED;
    },
  };
}
