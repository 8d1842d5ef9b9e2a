/**
 * Nova's AggregateAPI: host aggregate changes with their rules (a host
 * joins only as a known compute service, a host is never in two zones, a
 * zone does not move under running instances, only empty aggregates are
 * deleted) and membership mirrored onto the hosts' placement providers, as
 * Nova's report client does, so that placement `member_of` queries see it.
 */
import { randomUUID } from 'node:crypto';
import type { Aggregate, AggregateRepository, CellDatabase, RequestContext } from '@novats/core';
import { ComputeHostNotFound, Conflict, InvalidInput, NotFound } from '@novats/core';
import { AZ_METADATA_KEY, aggregateZone } from './availability-zones.js';
import type { ComputeApiDeps } from './compute-api-deps.js';

type Action = 'add' | 'update' | 'update_meta';

/** Nova's InvalidAggregateAction{Add,Update,UpdateMeta}; the route decides the status. */
function invalidAction(action: Action, id: number, reason: string): Error {
  if (action === 'add') return new Conflict(`Cannot add host to aggregate ${id}. Reason: ${reason}.`);
  const what = action === 'update' ? 'aggregate' : 'metadata of aggregate';
  return new InvalidInput(`Cannot update ${what} ${id}. Reason: ${reason}.`);
}

/** Python's repr of a list of strings, as Nova's messages print it. */
function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

export class AggregateApi {
  constructor(private readonly deps: ComputeApiDeps) {}

  get #repo(): AggregateRepository {
    const repo = this.deps.api.aggregates;
    if (!repo) throw new NotFound('The resource could not be found.');
    return repo;
  }

  list(): Promise<Aggregate[]> {
    return this.#repo.list();
  }

  get(id: number): Promise<Aggregate> {
    return this.#repo.get(id);
  }

  create(name: string, zone: string | null): Promise<Aggregate> {
    return this.#repo.create({ uuid: randomUUID(), name, availability_zone: zone });
  }

  async update(id: number, patch: { name?: string; availability_zone?: string | null }): Promise<Aggregate> {
    const aggregate = await this.#repo.get(id);
    if (patch.availability_zone !== undefined && patch.availability_zone !== null) {
      await this.#checkZoneChange(aggregate, patch.availability_zone, aggregate.hosts, 'update', true);
    }
    return this.#repo.update(id, patch);
  }

  async delete(id: number): Promise<void> {
    const aggregate = await this.#repo.get(id);
    if (aggregate.hosts.length > 0) {
      throw new InvalidInput(
        `Cannot perform action 'delete' on aggregate ${id}. Reason: Host aggregate is not empty.`,
      );
    }
    await this.#repo.delete(id);
  }

  async setMetadata(id: number, metadata: Readonly<Record<string, string | null>>): Promise<Aggregate> {
    const aggregate = await this.#repo.get(id);
    const zone = metadata[AZ_METADATA_KEY];
    if (zone !== undefined && zone !== null) {
      await this.#checkZoneChange(aggregate, zone, aggregate.hosts, 'update_meta', true);
    }
    return this.#repo.setMetadata(id, metadata);
  }

  async addHost(ctx: RequestContext, id: number, host: string): Promise<Aggregate> {
    const aggregate = await this.#repo.get(id);
    const cell = await this.#cellOfComputeHost(host);
    const zone = aggregateZone(aggregate);
    if (zone) await this.#checkZoneChange(aggregate, zone, [host], 'add', false);
    const updated = await this.#repo.addHost(id, host);
    await this.#mirror(ctx, cell, host, (current) => [...current, aggregate.uuid]);
    return updated;
  }

  async removeHost(ctx: RequestContext, id: number, host: string): Promise<Aggregate> {
    const notFound = new NotFound(`Cannot remove host ${host} in aggregate ${id}`);
    let cell: CellDatabase;
    let aggregate: Aggregate;
    try {
      aggregate = await this.#repo.get(id);
      cell = await this.#cellOfComputeHost(host);
    } catch (err) {
      if (err instanceof NotFound) throw notFound;
      throw err;
    }
    if (!aggregate.hosts.includes(host)) throw notFound;
    const updated = await this.#repo.removeHost(id, host);
    await this.#mirror(ctx, cell, host, (current) => current.filter((u) => u !== aggregate.uuid));
    return updated;
  }

  /** Nova's is_safe_to_update_az. */
  async #checkZoneChange(
    aggregate: Aggregate,
    zone: string,
    hosts: readonly string[],
    action: Action,
    checkInstances: boolean,
  ): Promise<void> {
    if (zone === '') {
      throw invalidAction(
        action,
        aggregate.id,
        `Aggregate ${aggregate.name} does not support empty named availability zone`,
      );
    }
    const conflicting: string[] = [];
    for (const other of await this.#repo.list()) {
      const otherZone = aggregateZone(other);
      if (other.id === aggregate.id || !otherZone || otherZone === zone) continue;
      if (other.hosts.some((h) => hosts.includes(h))) conflicting.push(otherZone);
    }
    if (conflicting.length > 0) {
      throw invalidAction(
        action,
        aggregate.id,
        `One or more hosts already in availability zone(s) ${pyList(conflicting)}`,
      );
    }
    if (checkInstances && aggregateZone(aggregate) !== zone && hosts.length > 0) {
      for (const { db } of await this.deps.cells.all()) {
        for (const host of hosts) {
          if ((await db.instances.list({ host, limit: 1 })).length > 0) {
            throw invalidAction(action, aggregate.id, 'One or more hosts contain instances in this zone');
          }
        }
      }
    }
  }

  /** The cell whose nova-compute service runs on `host`; ComputeHostNotFound otherwise. */
  async #cellOfComputeHost(host: string): Promise<CellDatabase> {
    const mapping = await this.deps.api.hostMappings.get(host);
    const cells = mapping
      ? [await this.deps.cells.get(mapping.cell_uuid)]
      : (await this.deps.cells.all()).map((c) => c.db);
    for (const db of cells) {
      if ((await db.services.list({ host, binary: 'nova-compute' })).length > 0) return db;
    }
    throw new ComputeHostNotFound(host);
  }

  /**
   * Puts the aggregate on / off the resource providers of the host's nodes.
   * NOTE(nova): the report client only logs a placement failure here; the
   * API change stands and `nova-manage placement sync_aggregates` repairs it.
   */
  async #mirror(
    ctx: RequestContext,
    cell: CellDatabase,
    host: string,
    change: (current: readonly string[]) => readonly string[],
  ): Promise<void> {
    const set = this.deps.placement.setProviderAggregates?.bind(this.deps.placement);
    if (!set) return;
    for (const node of await cell.computeNodes.list({ host })) {
      await set(ctx, node.uuid, change).catch(() => undefined);
    }
  }
}
