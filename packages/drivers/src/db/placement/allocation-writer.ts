/**
 * Atomic claims (PUT /allocations/{consumer}, POST /allocations). In one
 * transaction: lock and compare the consumers, lock the touched providers in
 * id order, read inventories and other consumers' usage, validate with core's
 * `validateAllocations`, replace the rows, then compare-and-bump every
 * consumer and provider generation. A provider race is retried by the caller.
 */
import {
  type AllocationItem,
  ConcurrentUpdateDetected,
  type ConsumerAllocationWrite,
  describeAllocationViolation,
  InvalidAllocationCapacityExceeded,
  type Inventory,
  PlacementError,
  type ProviderClaimState,
  validateAllocations,
} from '@novats/core';
import type { Knex } from 'knex';
import { affectedRows } from '../shared/knex-connection.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import {
  CONSUMER_GENERATION,
  DELETE_CONSUMER,
  DELETE_CONSUMER_BY_UUID,
  deleteAllocations,
  INSERT_CONSUMER,
  INSERT_NEW_CONSUMER,
  insertAllocations,
  inventoriesWithOthersUsage,
  lockProviders,
  selectConsumers,
  selectHeldAllocations,
  selectOldAllocations,
  UPDATE_CONSUMER,
} from './allocation-statements.js';
import type { ProviderUsageDelta } from './placement-index-cache.js';
import {
  bumpProviderGeneration,
  bumpProviderGenerationAndCounter,
  type CounterSlot,
  isDuplicateEntry,
} from './placement-transaction.js';
import type { ResourceClassCache } from './resource-class-cache.js';

/**
 * Project and user external id -> internal id. Rows are never deleted, so an
 * id read from a committed row stays valid; ids inserted by a transaction that
 * may still roll back are not cached.
 */
export class ExternalIdCache {
  readonly #ids = { projects: new Map<string, number>(), users: new Map<string, number>() };

  async idOf(trx: Knex.Transaction, table: 'projects' | 'users', external: string): Promise<number> {
    const cached = this.#ids[table].get(external);
    if (cached !== undefined) return cached;
    const found = await trx(table).where({ external_id: external }).first('id');
    if (found) {
      this.#ids[table].set(external, Number(found.id));
      return Number(found.id);
    }
    // NOTE(postgresql): a failed statement aborts the whole transaction there,
    // so a concurrent creator is tolerated with ON CONFLICT rather than a catch.
    await trx(table).insert({ external_id: external }).onConflict('external_id').ignore();
    const row = await trx(table).where({ external_id: external }).first('id');
    return Number(row.id);
  }
}

/** Worded like Placement: "expected" is the stored generation, "got" the requested one. */
function consumerConflict(
  requested: number | null | undefined,
  stored: number | null,
): ConcurrentUpdateDetected {
  return new ConcurrentUpdateDetected(
    `consumer generation conflict - expected ${stored ?? 'null'} but got ${requested ?? 'null'}`,
  );
}

/** A delete found no allocations: the transaction is rolled back. */
export class NoAllocations extends Error {}

/** Writes `writes` inside `trx`; returns the per-provider deltas for the index. */
export async function replaceAllocationsIn(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  writes: readonly ConsumerAllocationWrite[],
  externalIds: ExternalIdCache = new ExternalIdCache(),
  /** Given when nothing else writes after this in the transaction: the change counter may be bumped here. */
  counter?: CounterSlot,
): Promise<ProviderUsageDelta[]> {
  const consumerUuids = writes.map((w) => w.consumer_uuid);
  // 1. Consumers first (the fixed lock order), compared but not yet bumped.
  // NOTE(perf): consumers that must be new (every scheduler claim of a boot)
  // are created here, in the same lock order, instead of being looked for;
  // one that exists fails the write as the comparison would.
  const fresh =
    writes.length > 0 &&
    writes.every((w) => w.consumer_generation === null && Object.keys(w.allocations).length > 0);
  if (fresh) for (const w of writes) await insertNewConsumer(trx, w, externalIds);
  const consumerRows = fresh ? [] : await selectConsumers(trx, consumerUuids);
  const consumers = new Map(consumerRows.map((r) => [r.uuid as string, r]));
  for (const w of writes) {
    if (w.consumer_generation === undefined) continue;
    const row = consumers.get(w.consumer_uuid);
    const got = row ? Number(row.generation) : null;
    if (got !== w.consumer_generation) throw consumerConflict(w.consumer_generation, got);
  }
  // 2. Resolve classes and providers of the new allocations.
  const items: AllocationItem[] = [];
  const providerUuids = new Set<string>();
  for (const w of writes) {
    for (const [rp, resources] of Object.entries(w.allocations)) {
      providerUuids.add(rp);
      for (const [rc, used] of Object.entries(resources)) {
        if ((await classes.idOf(rc, trx)) === undefined) {
          throw new PlacementError(
            400,
            `Unable to allocate inventory for consumer ${w.consumer_uuid}: No such resource class ${rc}.`,
          );
        }
        items.push({ provider_uuid: rp, resource_class: rc, used });
      }
    }
  }
  // 3. Lock every touched provider (new and old) in id order, in one statement.
  // NOTE(consumers): allocations are only ever written together with their consumer's row
  // (step 6 creates it, and deletes it only with the last allocation), so consumers that
  // have no row yet (every first claim of a boot) have no old allocations to read.
  const old = consumerRows.length > 0 ? await selectOldAllocations(trx, consumerUuids) : [];
  const oldIds = [...new Set(old.map((r) => Number(r.resource_provider_id)))];
  const wantedUuids = [...providerUuids];
  // 4. Inventories, each with the other consumers' usage of it, in one
  // statement read after the locks (usage matters only where there is an
  // inventory: Placement refuses to delete an inventory in use). A delete
  // reads it too: the index's deltas carry the usage that remains.
  const { locked, invRows } = await readProviders(trx, wantedUuids, oldIds, consumerUuids);
  const known = new Set(locked.map((r) => r.uuid as string));
  const missing = wantedUuids.find((u) => !known.has(u));
  if (missing !== undefined)
    throw new PlacementError(400, `Allocation for resource provider '${missing}' that does not exist.`);
  const names = await classes.namesFor(
    [...invRows, ...old].map((r) => Number(r.resource_class_id)),
    trx,
  );
  const states = new Map<
    string,
    { inventories: Record<string, Inventory>; usages: Record<string, number> }
  >();
  const uuidOf = new Map<number, string>();
  for (const p of locked) {
    uuidOf.set(Number(p.id), p.uuid);
    states.set(p.uuid, { inventories: {}, usages: {} });
  }
  for (const r of invRows) {
    const state = states.get(uuidOf.get(Number(r.resource_provider_id))!)!;
    const rc = names.get(Number(r.resource_class_id))!;
    if (r.used !== null) state.usages[rc] = Number(r.used);
    state.inventories[rc] = {
      total: Number(r.total),
      reserved: Number(r.reserved),
      min_unit: Number(r.min_unit),
      max_unit: Number(r.max_unit),
      step_size: Number(r.step_size),
      allocation_ratio: Number(r.allocation_ratio),
    };
  }
  const violations = validateAllocations(items, states as ReadonlyMap<string, ProviderClaimState>);
  if (violations.length) {
    throw new InvalidAllocationCapacityExceeded(
      `Unable to allocate inventory: ${describeAllocationViolation(violations[0]!)}`,
    );
  }
  // 5. Replace the rows.
  if (old.length) await deleteAllocations(trx, consumerUuids);
  const idOfUuid = new Map(locked.map((p) => [p.uuid as string, Number(p.id)]));
  const rows = [];
  for (const w of writes) {
    for (const [rp, resources] of Object.entries(w.allocations)) {
      for (const [rc, used] of Object.entries(resources)) {
        rows.push({
          resource_provider_id: idOfUuid.get(rp)!,
          consumer_id: w.consumer_uuid,
          resource_class_id: (await classes.idOf(rc, trx))!,
          used,
        });
      }
    }
  }
  if (rows.length) await insertAllocations(trx, rows);
  // 6. Consumers: compare-and-bump, create, or delete when left without allocations.
  if (!fresh)
    for (const w of writes) await writeConsumer(trx, w, consumers.get(w.consumer_uuid), externalIds);
  // 7. Providers: compare-and-bump; a race here is retried from the start.
  // NOTE(placement): only the providers written to change generation, plus
  // those a consumer's emptied allocations left; a plain DELETE bumps none.
  const emptied = new Set(
    writes.filter((w) => !Object.keys(w.allocations).length).map((w) => w.consumer_uuid),
  );
  const bumped = new Set<number>([
    ...locked.filter((p) => providerUuids.has(p.uuid)).map((p) => Number(p.id)),
    ...old.filter((r) => emptied.has(r.consumer_id)).map((r) => Number(r.resource_provider_id)),
  ]);
  const deltas: ProviderUsageDelta[] = [];
  // NOTE(perf): on the servers the last bump also takes the change counter (the last lock anyway), when the caller lets it.
  const lastBumped =
    counter && sqlDialectOf(trx) !== 'sqlite' ? locked.findLast((p) => bumped.has(Number(p.id))) : undefined;
  for (const p of locked) {
    const generation = !bumped.has(Number(p.id))
      ? Number(p.generation)
      : p === lastBumped && counter
        ? await bumpProviderGenerationAndCounter(trx, Number(p.id), Number(p.generation), counter)
        : await bumpProviderGeneration(trx, Number(p.id), Number(p.generation), 'retry');
    const state = states.get(p.uuid)!;
    const usages: Record<string, number> = { ...state.usages };
    for (const r of old)
      if (Number(r.resource_provider_id) === Number(p.id))
        usages[names.get(Number(r.resource_class_id))!] ??= 0;
    for (const it of items)
      if (it.provider_uuid === p.uuid)
        usages[it.resource_class] =
          (usages[it.resource_class] ?? state.usages[it.resource_class] ?? 0) + it.used;
    deltas.push({ uuid: p.uuid, generation, usages });
  }
  return deltas;
}

/** The providers by uuid and id in id order (locked on the servers), and their inventories with the others' usage. */
async function readProviders(
  trx: Knex.Transaction,
  uuids: readonly string[],
  ids: readonly number[],
  consumerUuids: readonly string[],
): Promise<{ locked: Record<string, any>[]; invRows: Record<string, any>[] }> {
  if (!uuids.length && !ids.length) return { locked: [], invRows: [] };
  const locked = await lockProviders(trx, uuids, ids);
  const touchedIds = locked.map((r) => Number(r.id));
  const invRows = touchedIds.length ? await inventoriesWithOthersUsage(trx, touchedIds, consumerUuids) : [];
  return { locked, invRows };
}

/** Creates the consumer `w` expects to be new; its row already there is a generation conflict. */
async function insertNewConsumer(
  trx: Knex.Transaction,
  w: ConsumerAllocationWrite,
  externalIds: ExternalIdCache,
): Promise<void> {
  const project_id = await externalIds.idOf(trx, 'projects', w.project_id);
  const user_id = await externalIds.idOf(trx, 'users', w.user_id);
  const values = { uuid: w.consumer_uuid, project_id, user_id, consumer_type: w.consumer_type ?? 'unknown' };
  let created: boolean;
  try {
    const result = await INSERT_NEW_CONSUMER.run<unknown[]>(trx, values);
    // SQLite and PostgreSQL return the new row's id, or nothing when the row was there.
    created = !Array.isArray(result) || result.length > 0;
  } catch (err) {
    if (!isDuplicateEntry(err)) throw err;
    created = false;
  }
  if (created) return;
  const row = await CONSUMER_GENERATION.run<{ generation: number } | undefined>(trx, {
    uuid: w.consumer_uuid,
  });
  throw consumerConflict(w.consumer_generation, row ? Number(row.generation) : null);
}

/**
 * Placement's delete_all of one consumer (DELETE /allocations/{consumer}):
 * its rows and its consumer go, no provider generation changes. The locked
 * consumer row keeps its allocations still; providers are neither locked nor
 * read, since freeing never breaks a capacity, and the index's deltas carry
 * the amounts freed rather than the usage that remains.
 */
export async function deleteConsumerAllocationsIn(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  consumerUuid: string,
): Promise<ProviderUsageDelta[]> {
  // NOTE(consumers): allocations exist only with their consumer's row (see
  // replaceAllocationsIn); deleting that row first takes its lock, as the
  // locking SELECT of a write would, and none to delete means none held.
  if (affectedRows(await DELETE_CONSUMER_BY_UUID.run(trx, { uuid: consumerUuid })) === 0) {
    throw new NoAllocations();
  }
  const held = await selectHeldAllocations(trx, [consumerUuid]);
  if (held.length === 0) throw new NoAllocations();
  await deleteAllocations(trx, [consumerUuid]);
  const names = await classes.namesFor(
    held.map((r) => Number(r.resource_class_id)),
    trx,
  );
  const freed = new Map<string, Record<string, number>>();
  for (const r of held) {
    const own = freed.get(r.uuid) ?? {};
    const rc = names.get(Number(r.resource_class_id))!;
    own[rc] = (own[rc] ?? 0) + Number(r.used);
    freed.set(r.uuid, own);
  }
  return [...freed].map(([uuid, amounts]) => ({ uuid, freed: amounts }));
}

async function writeConsumer(
  trx: Knex.Transaction,
  w: ConsumerAllocationWrite,
  row: Record<string, any> | undefined,
  externalIds: ExternalIdCache,
): Promise<void> {
  const empty = Object.keys(w.allocations).length === 0;
  if (empty) {
    if (row) await DELETE_CONSUMER.run(trx, { id: row.id });
    return;
  }
  const project_id = await externalIds.idOf(trx, 'projects', w.project_id);
  const user_id = await externalIds.idOf(trx, 'users', w.user_id);
  const consumer_type = w.consumer_type ?? row?.consumer_type ?? 'unknown';
  if (row) {
    const n = Number(
      await UPDATE_CONSUMER.run(trx, {
        id: row.id,
        generation: row.generation,
        next: Number(row.generation) + 1,
        project_id,
        user_id,
        consumer_type,
      }),
    );
    if (n === 0) throw consumerConflict(w.consumer_generation, null);
    return;
  }
  try {
    await INSERT_CONSUMER.run(trx, { uuid: w.consumer_uuid, project_id, user_id, consumer_type });
  } catch (err) {
    if (isDuplicateEntry(err)) throw consumerConflict(w.consumer_generation, 0);
    throw err;
  }
}
