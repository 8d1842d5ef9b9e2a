/**
 * Provider rows and their inventories, traits and aggregates. Every write
 * compares and bumps the provider generation inside its transaction
 * (409 `placement.concurrent_update` on a mismatch).
 */
import {
  type Inventory,
  type InventoryInput,
  PlacementError,
  PlacementErrorCode,
  type ProviderInventories,
  type RecordTimestamps,
  withInventoryDefaults,
} from '@novats/core';
import type { Knex } from 'knex';
import { dialectOf, rowTimestamps, timestampColumns } from './placement-timestamps.js';
import { bumpProviderGeneration, type ProviderRow, requireProvider } from './placement-transaction.js';
import type { ResourceClassCache } from './resource-class-cache.js';

export async function readInventories(
  q: Knex | Knex.Transaction,
  classes: ResourceClassCache,
  rp: ProviderRow,
): Promise<ProviderInventories> {
  const rows = await q('inventories')
    .where({ resource_provider_id: rp.id })
    .orderBy('resource_class_id')
    .select('inventories.*', ...timestampColumns(q, dialectOf(q), 'inventories'));
  const names = await classes.namesFor(
    rows.map((r) => Number(r.resource_class_id)),
    q,
  );
  const inventories: Record<string, Inventory> = {};
  const timestamps: Record<string, RecordTimestamps> = {};
  for (const r of rows) {
    timestamps[names.get(Number(r.resource_class_id))!] = rowTimestamps(r);
    inventories[names.get(Number(r.resource_class_id))!] = {
      total: Number(r.total),
      reserved: Number(r.reserved),
      min_unit: Number(r.min_unit),
      max_unit: Number(r.max_unit),
      step_size: Number(r.step_size),
      allocation_ratio: Number(r.allocation_ratio),
    };
  }
  return { resource_provider_generation: rp.generation, inventories, timestamps };
}

/** Which API call writes inventories: Placement words an unknown class by it (ResourceClassNotFound). */
export type InventoryWriteMode = 'replace' | 'reshape' | 'create' | 'update';

async function classId(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  rp: ProviderRow,
  rc: string,
  mode: InventoryWriteMode,
): Promise<number> {
  const id = await classes.idOf(rc, trx);
  if (id !== undefined) return id;
  const notFound = `No such resource class ${rc}.`;
  if (mode === 'update') throw new PlacementError(404, notFound);
  const prefix =
    mode === 'create'
      ? `Unable to create inventory for resource provider ${rp.uuid}`
      : mode === 'reshape'
        ? 'malformed reshaper data'
        : `Unknown resource class in inventory for resource provider ${rp.uuid}`;
  throw new PlacementError(400, `${prefix}: ${notFound}`);
}

/** The classes among `classIds` with allocations on `rp`, by class id (Placement's GROUP BY order). */
async function classesInUse(
  trx: Knex.Transaction,
  rp: ProviderRow,
  classIds: readonly number[] | 'all',
): Promise<number[]> {
  if (classIds !== 'all' && !classIds.length) return [];
  const q = trx('allocations').where({ resource_provider_id: rp.id });
  if (classIds !== 'all') q.whereIn('resource_class_id', [...classIds]);
  const rows = await q.distinct('resource_class_id').orderBy('resource_class_id');
  return rows.map((r) => Number(r.resource_class_id));
}

/** InventoryInUse: "Inventory for 'VCPU, DISK_GB' on resource provider '<uuid>' in use." */
async function inUseMessage(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  rp: ProviderRow,
  ids: readonly number[],
): Promise<string> {
  const names = [];
  for (const id of ids) names.push(await classes.nameOf(id, trx));
  return `Inventory for '${names.join(', ')}' on resource provider '${rp.uuid}' in use.`;
}

async function inUse(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  rp: ProviderRow,
  ids: readonly number[],
): Promise<PlacementError> {
  return new PlacementError(
    409,
    `update conflict: ${await inUseMessage(trx, classes, rp, ids)}`,
    PlacementErrorCode.INVENTORY_INUSE,
  );
}

/** PUT …/inventories: replaces every class; removed classes must be unused. */
export async function replaceInventories(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  uuid: string,
  generation: number,
  input: Readonly<Record<string, InventoryInput>>,
  mode: 'replace' | 'reshape' = 'replace',
): Promise<ProviderInventories> {
  const rp = await requireProvider(trx, uuid);
  const newGen = await bumpProviderGeneration(trx, rp.id, generation);
  const wanted = new Map<number, Inventory>();
  for (const [rc, inv] of Object.entries(input))
    wanted.set(await classId(trx, classes, rp, rc, mode), withInventoryDefaults(inv));
  const existing = await trx('inventories')
    .where({ resource_provider_id: rp.id })
    .select('resource_class_id');
  const removed = existing.map((r) => Number(r.resource_class_id)).filter((id) => !wanted.has(id));
  const busy = await classesInUse(trx, rp, removed);
  if (busy.length) throw await inUse(trx, classes, rp, busy);
  if (removed.length)
    await trx('inventories')
      .where({ resource_provider_id: rp.id })
      .whereIn('resource_class_id', removed)
      .delete();
  const have = new Set(existing.map((r) => Number(r.resource_class_id)));
  for (const [id, inv] of wanted) {
    if (have.has(id)) {
      await trx('inventories')
        .where({ resource_provider_id: rp.id, resource_class_id: id })
        .update({ ...inv, updated_at: trx.fn.now() });
    } else {
      await trx('inventories').insert({ resource_provider_id: rp.id, resource_class_id: id, ...inv });
    }
  }
  return readInventories(trx, classes, { ...rp, generation: newGen });
}

/** POST, PUT and DELETE of one inventory class; `generation` null uses the current one. */
export async function writeOneInventory(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  uuid: string,
  generation: number | null,
  rc: string,
  input: InventoryInput | null,
  mode: 'create' | 'update' | 'delete',
): Promise<ProviderInventories> {
  const rp = await requireProvider(trx, uuid);
  const newGen = await bumpProviderGeneration(trx, rp.id, generation ?? rp.generation);
  const id = mode === 'delete' ? await classes.idOf(rc, trx) : await classId(trx, classes, rp, rc, mode);
  const existing =
    id === undefined
      ? undefined
      : await trx('inventories').where({ resource_provider_id: rp.id, resource_class_id: id }).first('id');
  if (mode === 'create') {
    if (existing) {
      throw new PlacementError(
        409,
        `Update conflict: Inventory for ${rc} on resource provider ${uuid} already exists.`,
        PlacementErrorCode.CONCURRENT_UPDATE,
      );
    }
    await trx('inventories').insert({
      resource_provider_id: rp.id,
      resource_class_id: id,
      ...withInventoryDefaults(input!),
    });
  } else if (mode === 'update') {
    if (!existing)
      throw new PlacementError(400, `No inventory record with resource class for resource provider ${uuid}`);
    await trx('inventories')
      .where({ id: existing.id })
      .update({ ...withInventoryDefaults(input!), updated_at: trx.fn.now() });
  } else {
    if (!existing) throw new PlacementError(404, `No inventory of class ${rc} found for delete`);
    if ((await classesInUse(trx, rp, [id!])).length) throw await inUse(trx, classes, rp, [id!]);
    await trx('inventories').where({ id: existing.id }).delete();
  }
  return readInventories(trx, classes, { ...rp, generation: newGen });
}

/** DELETE …/inventories (1.5): all classes, none may be in use. */
export async function deleteAllInventories(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  uuid: string,
): Promise<void> {
  const rp = await requireProvider(trx, uuid);
  await bumpProviderGeneration(trx, rp.id, rp.generation);
  const busy = await classesInUse(trx, rp, 'all');
  if (busy.length) {
    throw new PlacementError(
      409,
      await inUseMessage(trx, classes, rp, busy),
      PlacementErrorCode.INVENTORY_INUSE,
    );
  }
  await trx('inventories').where({ resource_provider_id: rp.id }).delete();
}

export async function readTraits(q: Knex | Knex.Transaction, rp: ProviderRow) {
  const rows = await q('resource_provider_traits as rpt')
    .join('traits as t', 't.id', 'rpt.trait_id')
    .where('rpt.resource_provider_id', rp.id)
    .orderBy('t.name')
    .select('t.name');
  return { resource_provider_generation: rp.generation, traits: rows.map((r) => r.name as string) };
}

export async function replaceTraits(
  trx: Knex.Transaction,
  uuid: string,
  generation: number | null,
  traits: readonly string[],
) {
  const rp = await requireProvider(trx, uuid);
  const newGen = await bumpProviderGeneration(trx, rp.id, generation ?? rp.generation);
  const unique = [...new Set(traits)];
  const rows = unique.length ? await trx('traits').whereIn('name', unique).select('id', 'name') : [];
  if (rows.length !== unique.length) {
    const known = new Set(rows.map((r) => r.name));
    throw new PlacementError(400, `No such trait(s): ${unique.filter((t) => !known.has(t)).join(', ')}`);
  }
  await trx('resource_provider_traits').where({ resource_provider_id: rp.id }).delete();
  if (rows.length)
    await trx('resource_provider_traits').insert(
      rows.map((r) => ({ resource_provider_id: rp.id, trait_id: r.id })),
    );
  return readTraits(trx, { ...rp, generation: newGen });
}

export async function readAggregates(q: Knex | Knex.Transaction, rp: ProviderRow) {
  const rows = await q('resource_provider_aggregates as rpa')
    .join('placement_aggregates as a', 'a.id', 'rpa.aggregate_id')
    .where('rpa.resource_provider_id', rp.id)
    .orderBy('a.id')
    .select('a.uuid');
  return { resource_provider_generation: rp.generation, aggregates: rows.map((r) => r.uuid as string) };
}

export async function replaceAggregates(
  trx: Knex.Transaction,
  uuid: string,
  generation: number | undefined,
  aggregates: readonly string[],
) {
  const rp = await requireProvider(trx, uuid);
  // NOTE(placement): before 1.19 (no generation sent) aggregates leave the generation alone.
  const newGen =
    generation === undefined ? rp.generation : await bumpProviderGeneration(trx, rp.id, generation);
  const unique = [...new Set(aggregates)];
  const ids: number[] = [];
  for (const agg of unique) {
    let row = await trx('placement_aggregates').where({ uuid: agg }).first('id');
    if (!row) {
      // NOTE(race): another writer may create the same aggregate; its row will
      // do. ON CONFLICT, not a caught error, which would abort a PostgreSQL transaction.
      await trx('placement_aggregates').insert({ uuid: agg }).onConflict('uuid').ignore();
      row = await trx('placement_aggregates').where({ uuid: agg }).first('id');
    }
    ids.push(Number(row.id));
  }
  await trx('resource_provider_aggregates').where({ resource_provider_id: rp.id }).delete();
  if (ids.length)
    await trx('resource_provider_aggregates').insert(
      ids.map((id) => ({ resource_provider_id: rp.id, aggregate_id: id })),
    );
  return readAggregates(trx, { ...rp, generation: newGen });
}
