/**
 * The placement database behind core's PlacementStore port, on knex (SQLite,
 * MySQL/MariaDB or PostgreSQL). Reads of single providers go to the database; provider
 * lists and allocation candidates are served from the in-memory index after
 * its freshness check. Writes go through `writeTransaction`.
 */
import { randomUUID } from 'node:crypto';
import {
  ConcurrentUpdateDetected,
  type ConsumerAllocationsView,
  type ConsumerAllocationWrite,
  type InventoryInput,
  isStandardTrait,
  matchProviders,
  PlacementError,
  PlacementErrorCode,
  type PlacementStore,
  type ProviderIndex,
  type ProviderQuery,
  type ResourceProvider,
  type UsagesQuery,
} from '@novats/core';
import type { Knex } from 'knex';
import { insertReturningId } from '../shared/insert-returning-id.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import {
  deleteConsumerAllocationsIn,
  ExternalIdCache,
  NoAllocations,
  replaceAllocationsIn,
} from './allocation-writer.js';
import * as catalog from './placement-catalog.js';
import { PlacementIndexCache, type ProviderUsageDelta } from './placement-index-cache.js';
import { newestOf, rowTimestamps, timestampColumns } from './placement-timestamps.js';
import {
  type CounterSlot,
  isDuplicateEntry,
  type PlacementDialect,
  type ProviderRow,
  requireProvider,
  writeTransaction,
} from './placement-transaction.js';
import * as providers from './provider-writer.js';
import { ResourceClassCache } from './resource-class-cache.js';

export class KnexPlacementStore implements PlacementStore {
  readonly #classes: ResourceClassCache;
  readonly #index: PlacementIndexCache;
  readonly #externalIds = new ExternalIdCache();
  readonly dialect: PlacementDialect;
  readonly #readCommittedSessions: boolean;

  /**
   * @param options.indexMaxAgeMs serve allocation candidates from an index
   *   verified against the database at most this long ago (default 0: verify
   *   on every query). Claims re-check in the database regardless.
   * @param options.readCommittedSessions every connection of `knex` already
   *   runs READ COMMITTED by default (MySQL: see openPlacementStore), so write
   *   transactions need not set it and the index's snapshot asks for
   *   REPEATABLE READ itself.
   */
  constructor(
    readonly knex: Knex,
    options: { indexMaxAgeMs?: number; now?: () => number; readCommittedSessions?: boolean } = {},
  ) {
    this.dialect = sqlDialectOf(knex);
    this.#readCommittedSessions = options.readCommittedSessions ?? false;
    this.#classes = new ResourceClassCache(knex);
    this.#index = new PlacementIndexCache(
      knex,
      this.#classes,
      options.indexMaxAgeMs ?? 0,
      options.now,
      this.#readCommittedSessions,
    );
  }

  async #write<T>(
    fn: (trx: Knex.Transaction, counter: CounterSlot) => Promise<T>,
    deltas?: (value: T) => ProviderUsageDelta[],
  ): Promise<T> {
    const { value, counter } = await writeTransaction(this.knex, this.dialect, fn, undefined, {
      readCommittedSessions: this.#readCommittedSessions,
    });
    this.#index.afterWrite(counter, deltas?.(value));
    return value;
  }

  async #view(q: Knex | Knex.Transaction, row: ProviderRow): Promise<ResourceProvider> {
    const ids = [row.id, row.parent_provider_id, row.root_provider_id ?? row.id].filter(
      (x): x is number => x != null,
    );
    const rows = await q('resource_providers')
      .whereIn('id', ids)
      .select('id', 'uuid', ...timestampColumns(q, this.dialect, 'resource_providers'));
    const uuidOf = new Map(rows.map((r) => [Number(r.id), r.uuid as string]));
    const self = rows.find((r) => Number(r.id) === Number(row.id));
    return {
      ...(self ? rowTimestamps(self) : {}),
      uuid: row.uuid,
      name: row.name,
      generation: Number(row.generation),
      parent_provider_uuid:
        row.parent_provider_id == null ? null : uuidOf.get(Number(row.parent_provider_id))!,
      root_provider_uuid: uuidOf.get(Number(row.root_provider_id ?? row.id)) ?? row.uuid,
    };
  }

  createProvider(p: {
    uuid?: string;
    name: string;
    parent_provider_uuid?: string | null;
  }): Promise<ResourceProvider> {
    const uuid = p.uuid ?? randomUUID();
    return this.#write(async (trx) => {
      if (await trx('resource_providers').where({ name: p.name }).first('id')) {
        throw new PlacementError(
          409,
          `Conflicting resource provider name: ${p.name} already exists.`,
          PlacementErrorCode.DUPLICATE_NAME,
        );
      }
      if (await trx('resource_providers').where({ uuid }).first('id')) {
        throw new PlacementError(409, `Conflicting resource provider uuid: ${uuid} already exists.`);
      }
      let parent: ProviderRow | undefined;
      if (p.parent_provider_uuid) {
        if (p.parent_provider_uuid === uuid)
          throw new PlacementError(
            400,
            'parent provider UUID cannot be same as UUID. Please modify the parent provider UUID.',
          );
        parent = await trx('resource_providers').where({ uuid: p.parent_provider_uuid }).first();
        if (!parent) throw new PlacementError(400, 'parent provider UUID does not exist.');
      }
      let id: number;
      try {
        id = await insertReturningId(trx, 'resource_providers', {
          uuid,
          name: p.name,
          generation: 0,
          parent_provider_id: parent?.id ?? null,
          root_provider_id: parent ? (parent.root_provider_id ?? parent.id) : null,
        });
      } catch (err) {
        if (isDuplicateEntry(err))
          throw new PlacementError(
            409,
            `Conflicting resource provider name: ${p.name} already exists.`,
            PlacementErrorCode.DUPLICATE_NAME,
          );
        throw err;
      }
      if (!parent) await trx('resource_providers').where({ id }).update({ root_provider_id: id });
      return this.#view(trx, await requireProvider(trx, uuid));
    });
  }

  async getProvider(uuid: string): Promise<ResourceProvider | undefined> {
    const row = await this.knex('resource_providers').where({ uuid }).first();
    return row ? this.#view(this.knex, row) : undefined;
  }

  async listProviders(query: ProviderQuery): Promise<ResourceProvider[]> {
    const index = await this.#index.get();
    const found = matchProviders(index, query).map((pos) => index.provider(pos));
    // The index carries no timestamps (claims bump them without a rebuild),
    // so the list's dates are read fresh, in chunks that fit SQLite's limits.
    const dated = new Map<string, object>();
    for (let i = 0; i < found.length; i += 500) {
      const rows = await this.knex('resource_providers')
        .whereIn(
          'uuid',
          found.slice(i, i + 500).map((rp) => rp.uuid),
        )
        .select('uuid', ...timestampColumns(this.knex, this.dialect, 'resource_providers'));
      for (const r of rows) dated.set(r.uuid, rowTimestamps(r));
    }
    return found.map((rp) => ({ ...rp, ...dated.get(rp.uuid) }));
  }

  updateProvider(
    uuid: string,
    changes: { name: string; parent_provider_uuid?: string | null },
  ): Promise<ResourceProvider> {
    return this.#write(async (trx) => {
      const rp = await requireProvider(trx, uuid);
      const clash = await trx('resource_providers')
        .where({ name: changes.name })
        .whereNot({ id: rp.id })
        .first('id');
      if (clash)
        throw new PlacementError(
          409,
          `Conflicting resource provider name: ${changes.name} already exists.`,
          PlacementErrorCode.DUPLICATE_NAME,
        );
      // NOTE(placement): renaming or re-parenting leaves the generation alone.
      const update: Record<string, unknown> = { name: changes.name, updated_at: trx.fn.now() };
      if (changes.parent_provider_uuid !== undefined)
        await this.#reparent(trx, rp, changes.parent_provider_uuid, update);
      const n = await trx('resource_providers')
        .where({ id: rp.id, generation: rp.generation })
        .update(update);
      if (n === 0)
        throw new PlacementError(
          409,
          'resource provider generation conflict',
          PlacementErrorCode.CONCURRENT_UPDATE,
        );
      return this.#view(trx, await requireProvider(trx, uuid));
    });
  }

  async #reparent(
    trx: Knex.Transaction,
    rp: ProviderRow,
    parentUuid: string | null,
    update: Record<string, unknown>,
  ) {
    let rootId = rp.id;
    if (parentUuid !== null) {
      const parent = await trx('resource_providers').where({ uuid: parentUuid }).first();
      if (!parent) throw new PlacementError(400, 'parent provider UUID does not exist.');
      // Walk up from the new parent: meeting ourselves would make a loop.
      for (
        let cur: any = parent;
        cur;
        cur = cur.parent_provider_id
          ? await trx('resource_providers').where({ id: cur.parent_provider_id }).first()
          : null
      ) {
        if (Number(cur.id) === rp.id)
          throw new PlacementError(400, 'creating loop in the provider tree is not allowed.');
      }
      update.parent_provider_id = parent.id;
      rootId = Number(parent.root_provider_id ?? parent.id);
    } else {
      update.parent_provider_id = null;
    }
    update.root_provider_id = rootId;
    const queue = [rp.id];
    while (queue.length) {
      const kids = await trx('resource_providers')
        .whereIn('parent_provider_id', queue.splice(0))
        .select('id');
      if (!kids.length) break;
      const ids = kids.map((k) => Number(k.id));
      await trx('resource_providers').whereIn('id', ids).update({ root_provider_id: rootId });
      queue.push(...ids);
    }
  }

  async deleteProvider(uuid: string): Promise<void> {
    await this.#write(async (trx) => {
      const rp = await requireProvider(trx, uuid);
      if (await trx('allocations').where({ resource_provider_id: rp.id }).first('id')) {
        throw new PlacementError(
          409,
          `Unable to delete resource provider ${uuid}: Resource provider has allocations.`,
          PlacementErrorCode.PROVIDER_IN_USE,
        );
      }
      if (await trx('resource_providers').where({ parent_provider_id: rp.id }).first('id')) {
        throw new PlacementError(
          409,
          `Unable to delete parent resource provider ${uuid}: It has child resource providers.`,
          PlacementErrorCode.PROVIDER_CANNOT_DELETE_PARENT,
        );
      }
      for (const table of ['inventories', 'resource_provider_traits', 'resource_provider_aggregates']) {
        await trx(table).where({ resource_provider_id: rp.id }).delete();
      }
      await trx('resource_providers').where({ id: rp.id }).delete();
    });
  }

  async getInventories(uuid: string) {
    return providers.readInventories(this.knex, this.#classes, await requireProvider(this.knex, uuid));
  }

  setInventories(uuid: string, generation: number, inventories: Readonly<Record<string, InventoryInput>>) {
    return this.#write((trx) =>
      providers.replaceInventories(trx, this.#classes, uuid, generation, inventories),
    );
  }

  setInventory(
    uuid: string,
    generation: number | null,
    rc: string,
    inv: InventoryInput | null,
    mode: 'create' | 'update' | 'delete',
  ) {
    return this.#write((trx) =>
      providers.writeOneInventory(trx, this.#classes, uuid, generation, rc, inv, mode),
    );
  }

  async deleteInventories(uuid: string): Promise<void> {
    await this.#write((trx) => providers.deleteAllInventories(trx, this.#classes, uuid));
  }

  async getProviderUsages(uuid: string) {
    const rp = await requireProvider(this.knex, uuid);
    // Placement reports every inventoried class, 0 when nothing is allocated
    // (clients such as osc-placement index usages by inventory class).
    const [inv, rows]: [any[], any[]] = await Promise.all([
      this.knex('inventories').where({ resource_provider_id: rp.id }).select('resource_class_id'),
      this.knex('allocations')
        .where({ resource_provider_id: rp.id })
        .select('resource_class_id')
        .sum({ used: 'used' })
        .groupBy('resource_class_id'),
    ]);
    const ids = [...inv, ...rows].map((r) => Number(r.resource_class_id));
    const names = await this.#classes.namesFor(ids);
    const usages: Record<string, number> = {};
    for (const r of inv) usages[names.get(Number(r.resource_class_id))!] = 0;
    for (const r of rows) usages[names.get(Number(r.resource_class_id))!] = Number(r.used);
    return { resource_provider_generation: rp.generation, usages };
  }

  async getUsages(q: UsagesQuery, byType: boolean): Promise<Record<string, any>> {
    const query = this.knex('allocations as a')
      .join('consumers as c', 'c.uuid', 'a.consumer_id')
      .join('projects as p', 'p.id', 'c.project_id')
      .where('p.external_id', q.project_id);
    if (q.user_id !== undefined)
      query.join('users as u', 'u.id', 'c.user_id').where('u.external_id', q.user_id);
    if (q.consumer_type !== undefined && q.consumer_type !== 'all')
      query.where('c.consumer_type', q.consumer_type);
    const grouped: any[] = await query
      .select('c.consumer_type', 'a.resource_class_id', 'a.consumer_id')
      .sum({ used: 'a.used' })
      .groupBy('c.consumer_type', 'a.resource_class_id', 'a.consumer_id');
    // NOTE(mysql): its default collation compares case-insensitively; types are case-sensitive.
    const rows =
      q.consumer_type !== undefined && q.consumer_type !== 'all'
        ? grouped.filter((r) => r.consumer_type === q.consumer_type)
        : grouped;
    const names = await this.#classes.namesFor(rows.map((r) => Number(r.resource_class_id)));
    const out: Record<string, any> = {};
    const consumers = new Map<string, Set<string>>();
    for (const r of rows) {
      const rc = names.get(Number(r.resource_class_id))!;
      if (byType) out[r.consumer_type] ??= {};
      const bucket: Record<string, number> = byType ? out[r.consumer_type] : out;
      bucket[rc] = (bucket[rc] ?? 0) + Number(r.used);
      if (byType) {
        if (!consumers.has(r.consumer_type)) consumers.set(r.consumer_type, new Set());
        consumers.get(r.consumer_type)!.add(r.consumer_id);
      }
    }
    for (const [type, set] of consumers) out[type].consumer_count = set.size;
    if (byType && q.consumer_type === 'all' && Object.keys(out).length) {
      const all: Record<string, number> = { consumer_count: 0 };
      for (const bucket of Object.values(out))
        for (const [k, v] of Object.entries(bucket as Record<string, number>)) all[k] = (all[k] ?? 0) + v;
      return { all };
    }
    return out;
  }

  async getProviderTraits(uuid: string) {
    return providers.readTraits(this.knex, await requireProvider(this.knex, uuid));
  }

  setProviderTraits(uuid: string, generation: number, traits: readonly string[]) {
    return this.#write((trx) => providers.replaceTraits(trx, uuid, generation, traits));
  }

  async deleteProviderTraits(uuid: string): Promise<void> {
    await this.#write((trx) => providers.replaceTraits(trx, uuid, null, []));
  }

  async getProviderAggregates(uuid: string) {
    return providers.readAggregates(this.knex, await requireProvider(this.knex, uuid));
  }

  setProviderAggregates(uuid: string, generation: number | undefined, aggregates: readonly string[]) {
    return this.#write((trx) => providers.replaceAggregates(trx, uuid, generation, aggregates));
  }

  async getProviderAllocations(uuid: string) {
    const rp = await requireProvider(this.knex, uuid);
    const rows = await this.knex('allocations').where({ resource_provider_id: rp.id }).orderBy('id');
    const names = await this.#classes.namesFor(rows.map((r) => Number(r.resource_class_id)));
    const allocations: Record<string, { resources: Record<string, number> }> = {};
    for (const r of rows) {
      allocations[r.consumer_id] ??= { resources: {} };
      allocations[r.consumer_id]!.resources[names.get(Number(r.resource_class_id))!] = Number(r.used);
    }
    return { resource_provider_generation: rp.generation, allocations };
  }

  async getConsumerAllocations(consumerUuid: string): Promise<ConsumerAllocationsView> {
    const c = await this.knex('consumers as c')
      .join('projects as p', 'p.id', 'c.project_id')
      .join('users as u', 'u.id', 'c.user_id')
      .where('c.uuid', consumerUuid)
      .first(
        'c.uuid',
        'c.generation',
        'c.consumer_type',
        'p.external_id as project_id',
        'u.external_id as user_id',
      );
    const rows = await this.knex('allocations as a')
      .join('resource_providers as rp', 'rp.id', 'a.resource_provider_id')
      .where('a.consumer_id', consumerUuid)
      .orderBy('a.id')
      .select('rp.uuid', 'rp.generation', 'a.resource_class_id', 'a.used');
    const names = await this.#classes.namesFor(rows.map((r) => Number(r.resource_class_id)));
    const allocations: Record<string, { generation: number; resources: Record<string, number> }> = {};
    for (const r of rows) {
      allocations[r.uuid] ??= { generation: Number(r.generation), resources: {} };
      allocations[r.uuid]!.resources[names.get(Number(r.resource_class_id))!] = Number(r.used);
    }
    return {
      consumer: c
        ? {
            uuid: c.uuid,
            project_id: c.project_id,
            user_id: c.user_id,
            generation: Number(c.generation),
            consumer_type: c.consumer_type,
          }
        : null,
      allocations,
    };
  }

  async replaceAllocations(writes: readonly ConsumerAllocationWrite[]): Promise<void> {
    await this.#write(
      (trx, counter) => replaceAllocationsIn(trx, this.#classes, writes, this.#externalIds, counter),
      (deltas) => deltas,
    );
  }

  async reshape(
    inventories: Readonly<
      Record<string, { generation: number; inventories: Readonly<Record<string, InventoryInput>> }>
    >,
    writes: readonly ConsumerAllocationWrite[],
  ): Promise<void> {
    // Placement's three steps, each bumping generations as Placement does:
    // an interim inventory (current plus wanted classes) that both the old
    // and the new allocations fit, the allocations, then the wanted inventory.
    await this.#write(async (trx) => {
      const wanted = Object.entries(inventories);
      for (const [uuid, want] of wanted) {
        if (!Object.keys(want.inventories).length) continue;
        const rp = await requireProvider(trx, uuid);
        if (rp.generation !== want.generation) throw new ConcurrentUpdateDetected();
        const current = await providers.readInventories(trx, this.#classes, rp);
        await providers.replaceInventories(
          trx,
          this.#classes,
          uuid,
          rp.generation,
          { ...current.inventories, ...want.inventories },
          'reshape',
        );
      }
      await replaceAllocationsIn(trx, this.#classes, writes, this.#externalIds);
      for (const [uuid, want] of wanted) {
        const rp = await requireProvider(trx, uuid);
        await providers.replaceInventories(
          trx,
          this.#classes,
          uuid,
          rp.generation,
          want.inventories,
          'reshape',
        );
      }
    });
  }

  async deleteConsumerAllocations(consumerUuid: string): Promise<boolean> {
    // Placement's delete_all removes the rows without touching provider generations.
    // NOTE(speed): whether there are any is found inside the transaction (a 404 rolls it back).
    try {
      await this.#write(
        (trx) => deleteConsumerAllocationsIn(trx, this.#classes, consumerUuid),
        (deltas) => deltas,
      );
    } catch (err) {
      if (err instanceof NoAllocations) return false;
      throw err;
    }
    return true;
  }

  listTraits(filter: { names?: readonly string[]; startswith?: string; associated?: boolean }) {
    return catalog.listTraits(this.knex, filter);
  }

  async traitExists(name: string): Promise<boolean> {
    // NOTE(speed): every allocation-candidates query of the scheduler names
    // COMPUTE_STATUS_DISABLED. Standard traits are synced when the store opens
    // (openPlacementStore migrates) and can never be deleted, so they exist.
    if (isStandardTrait(name)) return true;
    return !!(await this.knex('traits').where({ name }).first('id'));
  }

  createTrait(name: string): Promise<boolean> {
    return catalog.createTrait(this.knex, name);
  }

  async deleteTrait(name: string): Promise<void> {
    await this.#write((trx) => catalog.deleteTrait(trx, name));
  }

  async listResourceClasses(): Promise<string[]> {
    return (await this.knex('resource_classes').orderBy('id').select('name')).map((r) => r.name as string);
  }

  async resourceClassExists(name: string): Promise<boolean> {
    // NOTE(speed): every allocation-candidates query checks its classes; the cache re-reads on a miss.
    return (await this.#classes.idOf(name)) !== undefined;
  }

  createResourceClass(name: string): Promise<boolean> {
    return this.#write((trx) => catalog.createResourceClass(trx, this.#classes, name));
  }

  async renameResourceClass(name: string, newName: string): Promise<void> {
    await this.#write((trx) => catalog.renameResourceClass(trx, this.#classes, name, newName));
  }

  async deleteResourceClass(name: string): Promise<void> {
    await this.#write((trx) => catalog.deleteResourceClass(trx, this.#classes, name));
  }

  catalogLastModified(catalog: 'traits' | 'resource_classes', names?: readonly string[]) {
    const q = this.knex(catalog);
    if (names) q.whereIn('name', [...names]);
    return newestOf(q, this.knex, this.dialect, catalog);
  }

  loadIndex(): Promise<ProviderIndex> {
    return this.#index.get();
  }

  close(): Promise<void> {
    return this.knex.destroy();
  }
}
