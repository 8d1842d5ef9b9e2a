/**
 * The guest NUMA topology a flavor and image ask for (Nova's
 * `hardware.numa_get_constraints`): `hw:numa_nodes` cells, split evenly or
 * by `hw:numa_cpus.N` / `hw:numa_mem.N`, with the CPU policy, thread policy
 * and page size. An image may not override what the flavor fixes; every
 * conflict is an InvalidInput naming Nova's exception.
 */
import { InvalidInput } from '../errors/common-errors.js';
import type { Flavor } from '../objects/flavor.js';
import type { CpuThreadPolicy } from './cpu-pinning.js';
import { parseCpuSpec } from './cpu-set-spec.js';
import { MEMPAGES_ANY, MEMPAGES_LARGE, parseMemPageSize } from './mem-page-size.js';
import type { InstanceNumaCell, InstanceNumaTopology } from './numa-topology.js';

type Props = Readonly<Record<string, string>>;
type CpuPolicy = 'shared' | 'dedicated' | 'mixed';

const CPU_POLICIES = new Set(['shared', 'dedicated', 'mixed']);
const THREAD_POLICIES = new Set(['prefer', 'isolate', 'require']);

function fail(exception: string, detail: string): never {
  throw new InvalidInput(`${exception}: ${detail}`);
}

/** Nova's `get_cpu_policy_constraint`: the image may only ask for what a flavor leaves open. */
function cpuPolicy(flavor: string | undefined, image: string | undefined): CpuPolicy | null {
  for (const value of [flavor, image]) {
    if (value !== undefined && !CPU_POLICIES.has(value)) fail('InvalidCPUAllocationPolicy', `'${value}'`);
  }
  if (flavor === 'dedicated') return 'dedicated';
  if (flavor === 'mixed' || flavor === 'shared') {
    if (image === 'dedicated' || (flavor === 'shared' && image === 'mixed')) {
      fail('ImageCPUPinningForbidden', `image asks for ${image} CPUs but the flavor sets ${flavor}`);
    }
    return flavor;
  }
  return (image as CpuPolicy | undefined) ?? null;
}

/** Nova's `get_cpu_thread_policy_constraint`. */
function threadPolicy(flavor: string | undefined, image: string | undefined): CpuThreadPolicy | null {
  for (const value of [flavor, image]) {
    if (value !== undefined && !THREAD_POLICIES.has(value))
      fail('InvalidCPUThreadAllocationPolicy', `'${value}'`);
  }
  if (flavor === undefined || flavor === 'prefer') return (flavor ?? image ?? null) as CpuThreadPolicy | null;
  if (image !== undefined && image !== flavor) {
    fail('ImageCPUThreadPolicyForbidden', `image asks for ${image} but the flavor sets ${flavor}`);
  }
  return flavor as CpuThreadPolicy;
}

/** Nova's `_get_numa_pagesize_constraint`: the image may refine only `large` or `any`. */
function pageSize(flavor: string | undefined, image: string | undefined): number | null {
  if (flavor === undefined) {
    if (image !== undefined)
      fail('MemoryPageSizeForbidden', `image asks for ${image} but the flavor sets none`);
    return null;
  }
  const size = parseMemPageSize(flavor);
  if (image === undefined) return size;
  if (size === MEMPAGES_ANY || size === MEMPAGES_LARGE) return parseMemPageSize(image);
  return fail('MemoryPageSizeForbidden', `image asks for ${image} but the flavor sets ${flavor}`);
}

/** Guest cells from `numa_cpus.N` / `numa_mem.N` (`prefix` is `hw:` or `hw_`), or null when none is set. */
function manualCells(props: Props, prefix: string, nodes: number, flavor: Flavor) {
  const keys = Object.keys(props).filter(
    (k) => k.startsWith(`${prefix}numa_cpus.`) || k.startsWith(`${prefix}numa_mem.`),
  );
  if (keys.length === 0) return null;
  const cells: { cpus: number[]; memory_mb: number }[] = [];
  const seen = new Set<number>();
  let memory = 0;
  for (let n = 0; n < nodes; n++) {
    const cpusText = props[`${prefix}numa_cpus.${n}`];
    const memText = props[`${prefix}numa_mem.${n}`];
    if (cpusText === undefined || memText === undefined)
      fail('ImageNUMATopologyIncomplete', `cell ${n} lacks CPUs or memory`);
    const cpus = parseCpuSpec(cpusText);
    for (const cpu of cpus) {
      if (cpu >= flavor.vcpus)
        fail('ImageNUMATopologyCPUOutOfRange', `CPU ${cpu} beyond ${flavor.vcpus} vCPUs`);
      if (seen.has(cpu)) fail('ImageNUMATopologyCPUDuplicates', `CPU ${cpu} in two cells`);
      seen.add(cpu);
    }
    const memory_mb = Number(memText);
    if (!Number.isInteger(memory_mb) || memory_mb < 0)
      fail('ImageNUMATopologyIncomplete', `bad memory '${memText}'`);
    memory += memory_mb;
    cells.push({ cpus, memory_mb });
  }
  if (seen.size !== flavor.vcpus) fail('ImageNUMATopologyCPUsUnassigned', 'every vCPU must be in a cell');
  if (memory !== flavor.memory_mb) {
    fail(
      'ImageNUMATopologyMemoryOutOfRange',
      `cells sum to ${memory} MiB, the flavor has ${flavor.memory_mb}`,
    );
  }
  return cells;
}

function autoCells(nodes: number, flavor: Flavor) {
  if (flavor.vcpus % nodes !== 0 || flavor.memory_mb % nodes !== 0) {
    fail(
      'ImageNUMATopologyAsymmetric',
      `${flavor.vcpus} vCPUs and ${flavor.memory_mb} MiB over ${nodes} nodes`,
    );
  }
  const per = flavor.vcpus / nodes;
  return Array.from({ length: nodes }, (_, n) => ({
    cpus: Array.from({ length: per }, (_, i) => n * per + i),
    memory_mb: flavor.memory_mb / nodes,
  }));
}

/**
 * The guest topology, or null when the flavor and image ask for no NUMA
 * placement. Throws InvalidInput on conflicting or malformed requests.
 */
export function requestNumaTopology(
  flavor: Flavor,
  imageProperties: Props = {},
): InstanceNumaTopology | null {
  const specs = flavor.extra_specs;
  const img = imageProperties;
  const flavorNodes = specs['hw:numa_nodes'];
  const imageNodes = img.hw_numa_nodes;
  if (flavorNodes !== undefined && imageNodes !== undefined) {
    fail('ImageNUMATopologyForbidden', 'the image may not set hw_numa_nodes when the flavor does');
  }
  const policy = cpuPolicy(specs['hw:cpu_policy'], img.hw_cpu_policy);
  const threads = threadPolicy(specs['hw:cpu_thread_policy'], img.hw_cpu_thread_policy);
  const pagesize = pageSize(specs['hw:mem_page_size'], img.hw_mem_page_size);
  if (threads !== null && policy !== 'dedicated' && policy !== 'mixed') {
    fail('CPUThreadPolicyConfigInvalid', 'a CPU thread policy needs hw:cpu_policy dedicated or mixed');
  }
  const maskText = specs['hw:cpu_dedicated_mask'] ?? img.hw_cpu_dedicated_mask;
  if ((maskText !== undefined) !== (policy === 'mixed')) {
    fail('RequiredMixedInstancePolicy', 'hw:cpu_dedicated_mask goes with hw:cpu_policy=mixed only');
  }
  const nodesText = flavorNodes ?? imageNodes;
  if (nodesText === undefined && policy !== 'dedicated' && policy !== 'mixed' && pagesize === null)
    return null;
  const nodes = nodesText === undefined ? 1 : Number(nodesText);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > flavor.vcpus) {
    fail('InvalidNUMANodesNumber', `hw:numa_nodes '${nodesText}'`);
  }
  const split =
    (flavorNodes !== undefined
      ? manualCells(specs, 'hw:', nodes, flavor)
      : manualCells(img, 'hw_', nodes, flavor)) ?? autoCells(nodes, flavor);
  const dedicated = new Set<number>();
  if (maskText !== undefined) {
    // NOTE(nova): `^0` style masks name the shared vCPUs, so apply them to the whole range.
    const spec = maskText.trim().startsWith('^') ? `0-${flavor.vcpus - 1},${maskText}` : maskText;
    for (const cpu of parseCpuSpec(spec)) if (cpu < flavor.vcpus) dedicated.add(cpu);
    if (dedicated.size === 0 || dedicated.size === flavor.vcpus) {
      fail('MixedInstanceNotEnoughDedicatedCPUs', 'a mixed instance needs both shared and dedicated vCPUs');
    }
  }
  const cells: InstanceNumaCell[] = split.map(({ cpus, memory_mb }, id) => {
    const pcpuset = policy === 'dedicated' ? cpus : cpus.filter((c) => dedicated.has(c));
    const cpuset = policy === 'dedicated' ? [] : cpus.filter((c) => !dedicated.has(c));
    return { id, cpus: cpus.length, memory_mb, cpuset, pcpuset, ...(pagesize !== null ? { pagesize } : {}) };
  });
  return {
    cells,
    cpu_policy: policy ?? 'shared',
    ...(threads !== null ? { cpu_thread_policy: threads } : {}),
  };
}
