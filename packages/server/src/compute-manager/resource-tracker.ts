/**
 * The compute host's view of its own capacity (Nova's ResourceTracker):
 * records each node through the conductor and reports its inventory and
 * traits to placement, where the scheduler's claims are made.
 */
import type {
  Clock,
  ComputeNode,
  Instance,
  Inventory,
  PlacementClient,
  RequestContext,
  VirtDriver,
} from '@novats/core';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { computeNodeUuid } from './compute-node-identity.js';

export interface ResourceTrackerOptions {
  /** `[DEFAULT] cpu_allocation_ratio`; null means `initial_cpu_allocation_ratio` (16.0). */
  readonly cpu_allocation_ratio: number | null;
  readonly ram_allocation_ratio: number | null;
  readonly disk_allocation_ratio: number | null;
  readonly reserved_host_memory_mb: number;
  readonly reserved_host_disk_mb: number;
  readonly reserved_host_cpus: number;
}

export const DEFAULT_RESOURCE_TRACKER_OPTIONS: ResourceTrackerOptions = {
  cpu_allocation_ratio: null,
  ram_allocation_ratio: null,
  disk_allocation_ratio: null,
  reserved_host_memory_mb: 512,
  reserved_host_disk_mb: 0,
  reserved_host_cpus: 0,
};

/** Traits every fake/libvirt node reports (Nova's capability traits, trimmed). */
export const COMPUTE_NODE_TRAITS = ['COMPUTE_NODE', 'COMPUTE_IMAGE_TYPE_QCOW2', 'COMPUTE_IMAGE_TYPE_RAW'];

export class ResourceTracker {
  readonly #reported = new Map<string, string>();

  constructor(
    private readonly host: string,
    private readonly driver: VirtDriver,
    private readonly conductor: ConductorRpcApi,
    private readonly placement: PlacementClient,
    private readonly options: ResourceTrackerOptions,
    private readonly clock: Clock,
  ) {}

  /** Recomputes usage of every node from the instances on this host and reports it. */
  async updateAvailableResource(ctx: RequestContext, instances: readonly Instance[]): Promise<ComputeNode[]> {
    const nodes: ComputeNode[] = [];
    for (const nodename of await this.driver.getAvailableNodes()) {
      const r = await this.driver.getNodeResources(nodename);
      const mine = instances.filter((i) => i.node === nodename && !i.deleted);
      const vcpusUsed = mine.reduce((s, i) => s + i.flavor.vcpus, 0);
      const ramUsed = this.options.reserved_host_memory_mb + mine.reduce((s, i) => s + i.flavor.memory_mb, 0);
      const diskUsed = mine.reduce((s, i) => s + i.flavor.root_gb + i.flavor.ephemeral_gb, 0);
      const node: ComputeNode = {
        uuid: computeNodeUuid(this.host, nodename),
        host: this.host,
        hypervisor_hostname: nodename,
        hypervisor_type: r.hypervisor_type,
        hypervisor_version: r.hypervisor_version,
        host_ip: r.host_ip,
        vcpus: r.vcpus,
        memory_mb: r.memory_mb,
        local_gb: r.local_gb,
        vcpus_used: vcpusUsed,
        memory_mb_used: ramUsed,
        local_gb_used: diskUsed,
        free_ram_mb: r.memory_mb - ramUsed,
        free_disk_gb: r.local_gb - diskUsed,
        running_vms: mine.length,
        current_workload: 0,
        disk_available_least: r.local_gb - diskUsed,
        cpu_info: r.cpu_info,
        cpu_allocation_ratio: this.options.cpu_allocation_ratio ?? 16.0,
        ram_allocation_ratio: this.options.ram_allocation_ratio ?? 1.5,
        disk_allocation_ratio: this.options.disk_allocation_ratio ?? 1.0,
        updated_at: new Date(this.clock.now()).toISOString(),
      };
      nodes.push(await this.conductor.computeNodeSave(ctx, node));
      await this.#reportToPlacement(ctx, node, r.cpu_traits);
    }
    return nodes;
  }

  inventoryOf(node: ComputeNode): Record<string, Inventory> {
    const inv = (total: number, reserved: number, ratio: number): Inventory => ({
      total,
      reserved: Math.min(reserved, total),
      min_unit: 1,
      max_unit: total,
      step_size: 1,
      allocation_ratio: ratio,
    });
    const out: Record<string, Inventory> = {};
    if (node.vcpus > 0)
      out.VCPU = inv(node.vcpus, this.options.reserved_host_cpus, node.cpu_allocation_ratio);
    if (node.memory_mb > 0)
      out.MEMORY_MB = inv(node.memory_mb, this.options.reserved_host_memory_mb, node.ram_allocation_ratio);
    if (node.local_gb > 0) {
      out.DISK_GB = inv(
        node.local_gb,
        Math.ceil(this.options.reserved_host_disk_mb / 1024),
        node.disk_allocation_ratio,
      );
    }
    return out;
  }

  async #reportToPlacement(
    ctx: RequestContext,
    node: ComputeNode,
    cpuTraits: readonly string[],
  ): Promise<void> {
    const inventory = this.inventoryOf(node);
    const fingerprint = JSON.stringify(inventory);
    if (this.#reported.get(node.uuid) === fingerprint) return;
    if (!this.#reported.has(node.uuid)) {
      await this.placement.ensureResourceProvider(ctx, node.uuid, node.hypervisor_hostname);
      // NOTE(nova): the driver owns its capability traits; an operator's CUSTOM_* traits and
      // the API's COMPUTE_STATUS_DISABLED (a disabled service) survive a restart.
      const existing = (await this.placement.getProviderTraits?.(ctx, node.uuid).catch(() => [])) ?? [];
      const kept = existing.filter((t) => t === 'COMPUTE_STATUS_DISABLED' || t.startsWith('CUSTOM_'));
      // NOTE(cpu): the driver's host CPU traits (HW_CPU_X86_*) go on the node's provider too, as Nova's.
      const traits = [...COMPUTE_NODE_TRAITS, ...cpuTraits, ...kept];
      await this.placement.setTraits(ctx, node.uuid, [...new Set(traits)]);
    }
    await this.placement.setInventory(ctx, node.uuid, inventory);
    this.#reported.set(node.uuid, fingerprint);
  }
}
