/**
 * Builds the scheduler's HostState snapshots (Nova's HostManager): the
 * compute nodes and services of every cell, cached briefly, joined with the
 * fresh usage placement returned in provider_summaries, so that weighers see
 * claims made a moment ago by other schedulers. Host aggregates come from the
 * API database and are cached for the same time.
 */
import type {
  Aggregate,
  AggregateRepository,
  AllocationCandidates,
  AllocationRequest,
  Clock,
  ComputeNode,
  HostAggregate,
  HostState,
  Service,
} from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';
import { isServiceUp } from '../cells/service-liveness.js';

/** How long a placement made here is counted before a cell must show it. */
const PLACED_GRACE_MS = 10_000;

interface CachedNode {
  readonly node: ComputeNode;
  readonly cell_uuid: string;
}

export interface HostManagerOptions {
  /** `[DEFAULT] service_down_time` in seconds. */
  readonly serviceDownTime: number;
  /** How long node and service records are reused before re-reading the cells. */
  readonly cacheTtlMs: number;
  /** The API database's aggregates; without it every host is in no aggregate. */
  readonly aggregates?: AggregateRepository;
}

/** The scheduler's view of an aggregate: one value per key (filters split comma lists). */
function toHostAggregate(a: Aggregate): HostAggregate {
  const metadata: Record<string, readonly string[]> = {};
  for (const [key, value] of Object.entries(a.metadata)) metadata[key] = [value];
  return { id: a.id, uuid: a.uuid, name: a.name, metadata };
}

export class HostManager {
  #nodes = new Map<string, CachedNode>();
  #services = new Map<string, Service>();
  /** Instance uuids by host, for the affinity and same/different-host filters. */
  #instances = new Map<string, string[]>();
  /** Placements made here that a cell may not show yet (the conductor writes them next). */
  #placed = new Map<string, { host: string; at: number }>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | null = null;
  #aggregates: readonly HostAggregate[] = [];
  #aggregatesByHost = new Map<string, HostAggregate[]>();
  #aggregatesAt = Number.NEGATIVE_INFINITY;
  #aggregatesLoading: Promise<void> | null = null;
  readonly #aggregateRepo: AggregateRepository | undefined;

  constructor(
    private readonly cells: CellRegistry,
    private readonly clock: Clock,
    private readonly options: HostManagerOptions,
  ) {
    this.#aggregateRepo = options.aggregates;
  }

  /** Every aggregate of the deployment (for the prefilters), re-read after `cacheTtlMs`. */
  async aggregates(): Promise<readonly HostAggregate[]> {
    if (this.clock.now() - this.#aggregatesAt > this.options.cacheTtlMs) await this.#refreshAggregates();
    return this.#aggregates;
  }

  async #refreshAggregates(): Promise<void> {
    if (this.#aggregatesLoading) return this.#aggregatesLoading;
    const repo = this.#aggregateRepo;
    if (!repo) return;
    this.#aggregatesLoading = (async () => {
      const list = await repo.list();
      const byHost = new Map<string, HostAggregate[]>();
      const all = list.map((a) => {
        const ha = toHostAggregate(a);
        for (const host of a.hosts) byHost.set(host, [...(byHost.get(host) ?? []), ha]);
        return ha;
      });
      this.#aggregates = all;
      this.#aggregatesByHost = byHost;
      this.#aggregatesAt = this.clock.now();
    })().finally(() => {
      this.#aggregatesLoading = null;
    });
    return this.#aggregatesLoading;
  }

  async #refresh(): Promise<void> {
    if (this.#loading) return this.#loading;
    this.#loading = (async () => {
      const nodes = new Map<string, CachedNode>();
      const services = new Map<string, Service>();
      const instances = new Map<string, string[]>();
      for (const { mapping, db } of await this.cells.all({ includeCell0: false })) {
        const [cellNodes, cellServices, cellInstances] = await Promise.all([
          db.computeNodes.list(),
          db.services.list({ binary: 'nova-compute' }),
          db.instances.list({}),
        ]);
        for (const i of cellInstances) {
          if (!i.host) continue;
          const list = instances.get(i.host);
          if (list) list.push(i.uuid);
          else instances.set(i.host, [i.uuid]);
        }
        for (const node of cellNodes) nodes.set(node.uuid, { node, cell_uuid: mapping.uuid });
        for (const s of cellServices) services.set(s.host, s);
      }
      this.#nodes = nodes;
      this.#services = services;
      const seen = new Set([...instances.values()].flat());
      for (const [uuid, p] of this.#placed) {
        if (seen.has(uuid) || this.clock.now() - p.at > PLACED_GRACE_MS) this.#placed.delete(uuid);
        else instances.set(p.host, [...(instances.get(p.host) ?? []), uuid]);
      }
      this.#instances = instances;
      this.#loadedAt = this.clock.now();
    })().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  /**
   * NOTE(staleness): placement offered this host, yet the cached service says
   * it is disabled or down. The cache may predate an operator's enable (Nova
   * reads the services on every request) or the host's latest heartbeat, so
   * the services are read again before the ComputeFilter judges.
   */
  #looksUnavailable(nodeUuid: string): boolean {
    const host = this.#nodes.get(nodeUuid)?.node.host;
    const service = host === undefined ? undefined : this.#services.get(host);
    return !service || service.disabled || service.forced_down || !this.#isUp(service);
  }

  /** Re-reads only the compute services of every cell (one small query each). */
  async #refreshServices(): Promise<void> {
    const services = new Map(this.#services);
    for (const { db } of await this.cells.all({ includeCell0: false }))
      for (const s of await db.services.list({ binary: 'nova-compute' })) services.set(s.host, s);
    this.#services = services;
  }

  #isUp(service: Service | undefined): boolean {
    return isServiceUp(service, this.clock, this.options.serviceDownTime);
  }

  /**
   * Records a placement this scheduler just made, so that the next request
   * counts it before the cells are re-read (Nova's HostManager keeps its
   * instance info current the same way, from the computes' updates).
   */
  noteInstancePlaced(host: string, instanceUuid: string): void {
    this.#placed.set(instanceUuid, { host, at: this.clock.now() });
    const list = this.#instances.get(host);
    if (!list) this.#instances.set(host, [instanceUuid]);
    else if (!list.includes(instanceUuid)) list.push(instanceUuid);
  }

  /** One HostState per compute node that placement offered. */
  async hostStates(candidates: AllocationCandidates): Promise<HostState[]> {
    const roots = new Map<string, AllocationRequest[]>();
    for (const ar of candidates.allocation_requests) {
      for (const rp of Object.keys(ar.allocations)) {
        const root = candidates.provider_summaries[rp]?.root_provider_uuid ?? rp;
        let list = roots.get(root);
        if (!list) {
          list = [];
          roots.set(root, list);
        }
        if (list[list.length - 1] !== ar) list.push(ar);
      }
    }
    const stale = this.clock.now() - this.#loadedAt > this.options.cacheTtlMs;
    const unknown = [...roots.keys()].some((uuid) => !this.#nodes.has(uuid));
    if (stale || unknown) await this.#refresh();
    else if ([...roots.keys()].some((uuid) => this.#looksUnavailable(uuid))) await this.#refreshServices();
    await this.aggregates();
    const out: HostState[] = [];
    for (const [uuid, requests] of roots) {
      const cached = this.#nodes.get(uuid);
      if (!cached) continue; // a provider that is not a compute node of a mapped cell
      out.push(this.#toHostState(cached, requests, candidates));
    }
    return out;
  }

  #toHostState(
    cached: CachedNode,
    requests: AllocationRequest[],
    candidates: AllocationCandidates,
  ): HostState {
    const { node, cell_uuid } = cached;
    const summary = candidates.provider_summaries[node.uuid]?.resources ?? {};
    const free = (rc: string, fallback: number) =>
      summary[rc] ? summary[rc].capacity - summary[rc].used : fallback;
    const service = this.#services.get(node.host);
    return {
      host: node.host,
      nodename: node.hypervisor_hostname,
      uuid: node.uuid,
      cell_uuid,
      hypervisor_type: node.hypervisor_type,
      hypervisor_version: node.hypervisor_version,
      cpu_info: node.cpu_info,
      total_usable_ram_mb: summary.MEMORY_MB?.capacity ?? node.memory_mb,
      free_ram_mb: free('MEMORY_MB', node.free_ram_mb),
      total_usable_disk_gb: summary.DISK_GB?.capacity ?? node.local_gb,
      free_disk_mb: free('DISK_GB', node.free_disk_gb) * 1024,
      vcpus_total: node.vcpus,
      vcpus_used: summary.VCPU?.used ?? node.vcpus_used,
      ram_allocation_ratio: node.ram_allocation_ratio,
      cpu_allocation_ratio: node.cpu_allocation_ratio,
      disk_allocation_ratio: node.disk_allocation_ratio,
      num_instances: this.#instances.get(node.host)?.length ?? node.running_vms,
      num_io_ops: 0,
      instances: [...(this.#instances.get(node.host) ?? [])],
      aggregates: this.#aggregatesByHost.get(node.host) ?? [],
      service: {
        disabled: service?.disabled ?? true,
        disabled_reason: service?.disabled_reason ?? null,
        is_up: this.#isUp(service),
        forced_down: service?.forced_down ?? false,
      },
      metrics: {},
      failed_builds: 0,
      allocation_requests: requests,
      updated_at: node.updated_at ?? null,
    };
  }
}
