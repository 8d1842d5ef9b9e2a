/**
 * HostState: a read-only snapshot of one compute node as the scheduler sees
 * it (Nova's `nova/scheduler/host_manager.py` HostState). Everything a filter
 * or weigher needs, including service liveness, is loaded by the host-manager
 * adapter before the pipeline runs. Consuming a request returns a NEW state.
 */
import type { RequestSpec } from '../objects/request-spec.js';
import type { AllocationRequest } from '../placement/types.js';
import { type HostNumaTopology, numaFitInstanceToHost, numaUsageFromInstance } from './numa-topology.js';
import { type PciAlias, pciRequestsOf } from './pci-alias.js';
import { consumePciRequests, type PciDevicePool, type PciRequest } from './pci-stats.js';

/** One `(architecture, hypervisor_type, vm_mode)` triple the driver supports. */
export type SupportedInstance = readonly [arch: string, hv_type: string, vm_mode: string];

/** A host aggregate the node belongs to. */
export interface HostAggregate {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  /** Metadata values per key; a comma list in Nova is kept as several values. */
  readonly metadata: Readonly<Record<string, readonly string[]>>;
}

/** The nova-compute service of the host. */
export interface HostService {
  readonly disabled: boolean;
  readonly disabled_reason: string | null;
  /** Liveness precomputed by the adapter (servicegroup heartbeat vs `service_down_time`). */
  readonly is_up: boolean;
  readonly forced_down: boolean;
}

export interface HostState {
  readonly host: string;
  readonly nodename: string;
  /** Compute node uuid, which is also its placement root provider uuid. */
  readonly uuid: string;
  readonly cell_uuid: string;
  readonly hypervisor_type: string;
  readonly hypervisor_version: number;
  readonly cpu_info: string;
  readonly total_usable_ram_mb: number;
  readonly free_ram_mb: number;
  readonly total_usable_disk_gb: number;
  readonly free_disk_mb: number;
  readonly vcpus_total: number;
  readonly vcpus_used: number;
  readonly ram_allocation_ratio: number;
  readonly cpu_allocation_ratio: number;
  readonly disk_allocation_ratio: number;
  readonly num_instances: number;
  readonly num_io_ops: number;
  /** Uuids of the instances on the node. */
  readonly instances: readonly string[];
  readonly aggregates: readonly HostAggregate[];
  readonly service: HostService;
  readonly metrics: Readonly<Record<string, number>>;
  /** Recent consecutive build failures (BuildFailureWeigher). */
  readonly failed_builds: number;
  /** Placement allocation requests for this root provider, best first. */
  readonly allocation_requests: readonly AllocationRequest[];
  readonly updated_at: string | null;
  /** The compute node's `host_ip` (SimpleCIDRAffinityFilter). */
  readonly host_ip?: string;
  /** `(arch, hv_type, vm_mode)` triples the driver reports (ImagePropertiesFilter). */
  readonly supported_instances?: readonly SupportedInstance[];
  /** The compute node's free-form `stats` (ComputeCapabilitiesFilter looks keys up here too). */
  readonly stats?: Readonly<Record<string, string>>;
  /** Host NUMA cells with their usage (NUMATopologyFilter); absent on hosts without NUMA. */
  readonly numa_topology?: HostNumaTopology | null;
  /** Free PCI device pools (PciPassthroughFilter, PCIWeigher). */
  readonly pci_stats?: readonly PciDevicePool[];
}

/** A host with sensible values (8 GiB, 4 vCPU, 80 GB, service up) for tests and examples. */
export function makeHostState(partial: Partial<HostState> = {}): HostState {
  const host = partial.host ?? 'compute1';
  const nodename = partial.nodename ?? host;
  const uuid = partial.uuid ?? `00000000-0000-4000-8000-${hex12(`${host}/${nodename}`)}`;
  return {
    host,
    nodename,
    uuid,
    cell_uuid: '00000000-0000-0000-0000-000000000001',
    hypervisor_type: 'fake',
    hypervisor_version: 1000,
    cpu_info: '{}',
    total_usable_ram_mb: 8192,
    free_ram_mb: 8192,
    total_usable_disk_gb: 80,
    free_disk_mb: 80 * 1024,
    vcpus_total: 4,
    vcpus_used: 0,
    ram_allocation_ratio: 1.5,
    cpu_allocation_ratio: 16,
    disk_allocation_ratio: 1,
    num_instances: 0,
    num_io_ops: 0,
    instances: [],
    aggregates: [],
    service: { disabled: false, disabled_reason: null, is_up: true, forced_down: false },
    metrics: {},
    failed_builds: 0,
    allocation_requests: [
      { allocations: { [uuid]: { resources: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 } } } },
    ],
    updated_at: null,
    ...partial,
  };
}

function hex12(text: string): string {
  // NOTE(determinism): FNV-1a so that a builder call always yields the same uuid.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return (h.toString(16).padStart(8, '0') + text.length.toString(16).padStart(4, '0')).slice(-12);
}

/**
 * The state after one instance of `spec` lands on `host` (Nova's
 * `consume_from_request`): RAM, disk and vCPUs are taken, the instance and an
 * I/O operation (the build) are counted, NUMA cells (pinned CPUs, memory,
 * pages) and PCI devices taken, so that later instances of the same request
 * do not double-book. `pciAliases` resolves `pci_passthrough:alias`.
 * The input is left untouched.
 */
export function consumeFromRequest(
  host: HostState,
  spec: RequestSpec,
  instanceUuid?: string,
  pciAliases: readonly PciAlias[] = [],
): HostState {
  const flavor = spec.flavor;
  // NOTE(bfv): a boot-from-volume root disk lives in the volume service, as in placement's DISK_GB.
  const diskGb = (spec.is_bfv ? 0 : flavor.root_gb) + flavor.ephemeral_gb;
  const uuid = instanceUuid ?? spec.instance_uuid;
  const consumed = copyHostState(host);
  consumed.free_ram_mb = host.free_ram_mb - flavor.memory_mb;
  consumed.free_disk_mb = host.free_disk_mb - diskGb * 1024 - flavor.swap;
  consumed.vcpus_used = host.vcpus_used + flavor.vcpus;
  consumed.num_instances = host.num_instances + 1;
  consumed.num_io_ops = host.num_io_ops + 1;
  if (uuid) consumed.instances = [...host.instances, uuid];
  return consumeDevices(consumed, spec, pciAliases);
}

type WritableHostState = { -readonly [K in keyof HostState]: HostState[K] };

/**
 * A shallow copy with every own key of `host`, like `{ ...host }`.
 * NOTE(speed): the required fields are spelled out so that V8 keeps them
 * inside the object, as for `makeHostState`; a bare spread moves them to a
 * separate property array, one more cache miss per field read in every
 * later pass over the host.
 */
function copyHostState(host: HostState): WritableHostState {
  const copy: WritableHostState = {
    host: host.host,
    nodename: host.nodename,
    uuid: host.uuid,
    cell_uuid: host.cell_uuid,
    hypervisor_type: host.hypervisor_type,
    hypervisor_version: host.hypervisor_version,
    cpu_info: host.cpu_info,
    total_usable_ram_mb: host.total_usable_ram_mb,
    free_ram_mb: host.free_ram_mb,
    total_usable_disk_gb: host.total_usable_disk_gb,
    free_disk_mb: host.free_disk_mb,
    vcpus_total: host.vcpus_total,
    vcpus_used: host.vcpus_used,
    ram_allocation_ratio: host.ram_allocation_ratio,
    cpu_allocation_ratio: host.cpu_allocation_ratio,
    disk_allocation_ratio: host.disk_allocation_ratio,
    num_instances: host.num_instances,
    num_io_ops: host.num_io_ops,
    instances: host.instances,
    aggregates: host.aggregates,
    service: host.service,
    metrics: host.metrics,
    failed_builds: host.failed_builds,
    allocation_requests: host.allocation_requests,
    updated_at: host.updated_at,
  };
  // Optional and extra keys (JsonFilter may read any attribute) follow, as a spread would copy them.
  const source = host as unknown as Record<string, unknown>;
  const target = copy as unknown as Record<string, unknown>;
  for (const key of Object.keys(source)) if (!Object.hasOwn(target, key)) target[key] = source[key];
  return copy;
}

/** NUMA cells and PCI pools taken by one instance; untouched when the request needs neither. */
function consumeDevices(host: HostState, spec: RequestSpec, aliases: readonly PciAlias[]): HostState {
  let requests: readonly PciRequest[] = [];
  if (spec.pci_requests?.length || spec.flavor.extra_specs['pci_passthrough:alias']) {
    const resolved = pciRequestsOf(spec, aliases);
    if (!('error' in resolved)) requests = resolved.requests;
  }
  const requested = spec.numa_topology;
  if (!host.numa_topology || !requested) {
    if (requests.length === 0 || !host.pci_stats) return host;
    const pools = consumePciRequests(host.pci_stats, requests);
    return pools === null ? host : { ...host, pci_stats: pools };
  }
  const pci = host.pci_stats && requests.length > 0 ? { pools: host.pci_stats, requests } : null;
  const fitted = numaFitInstanceToHost(host.numa_topology, requested, host, pci);
  if (fitted === null) return host;
  const topology = host.numa_topology;
  const out: HostState = { ...host, numa_topology: numaUsageFromInstance(topology, fitted, requested) };
  if (!pci) return out;
  const cellIds = fitted.map((f) => (topology.cells[f.hostCell] as { id: number }).id);
  const pools = consumePciRequests(pci.pools, requests, cellIds);
  return pools === null ? out : { ...out, pci_stats: pools };
}
