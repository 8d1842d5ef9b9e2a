/**
 * Traits and resource classes: the catalogues providers refer to. Standard
 * entries are immutable (400 on delete or rename); custom ones can be
 * created, and removed only while no provider uses them (409).
 */
import {
  CUSTOM_RESOURCE_CLASS_ID_START,
  isStandardResourceClass,
  isStandardTrait,
  PlacementError,
  PlacementErrorCode,
} from '@novats/core';
import type { Knex } from 'knex';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import { isDuplicateEntry } from './placement-transaction.js';
import type { ResourceClassCache } from './resource-class-cache.js';

export async function listTraits(
  knex: Knex,
  filter: { names?: readonly string[]; startswith?: string; associated?: boolean },
): Promise<string[]> {
  const q = knex('traits').select('name').orderBy('name');
  if (filter.names) q.whereIn('name', [...filter.names]);
  if (filter.startswith !== undefined) {
    // NOTE(collation): MySQL's and SQLite's LIKE ignore case; PostgreSQL needs ILIKE to agree.
    const like = sqlDialectOf(knex) === 'postgresql' ? 'ILIKE' : 'LIKE';
    q.whereRaw(`name ${like} ? ESCAPE '!'`, [`${filter.startswith.replace(/[%_!]/g, '!$&')}%`]);
  }
  if (filter.associated !== undefined) {
    const linked = knex('resource_provider_traits').select('trait_id');
    if (filter.associated) q.whereIn('id', linked);
    else q.whereNotIn('id', linked);
  }
  return (await q).map((r) => r.name as string);
}

export async function createTrait(knex: Knex, name: string): Promise<boolean> {
  if (await knex('traits').where({ name }).first('id')) return false;
  try {
    await knex('traits').insert({ name });
    return true;
  } catch (err) {
    if (isDuplicateEntry(err)) return false;
    throw err;
  }
}

export async function deleteTrait(trx: Knex.Transaction, name: string): Promise<void> {
  if (isStandardTrait(name)) throw new PlacementError(400, `Cannot delete standard trait ${name}.`);
  const row = await trx('traits').where({ name }).first('id');
  if (!row) throw new PlacementError(404, `No such trait(s): ${name}`);
  if (await trx('resource_provider_traits').where({ trait_id: row.id }).first('trait_id')) {
    throw new PlacementError(409, `The trait ${name} is in use by a resource provider.`);
  }
  await trx('traits').where({ id: row.id }).delete();
}

export async function createResourceClass(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  name: string,
): Promise<boolean> {
  if (await trx('resource_classes').where({ name }).first('id')) return false;
  const max = await trx('resource_classes').max({ m: 'id' }).first();
  const id = Math.max(Number(max?.m ?? 0) + 1, CUSTOM_RESOURCE_CLASS_ID_START);
  try {
    await trx('resource_classes').insert({ id, name });
  } catch (err) {
    if (isDuplicateEntry(err))
      throw new PlacementError(
        409,
        `Conflicting resource class already exists: ${name}`,
        PlacementErrorCode.DUPLICATE_NAME,
      );
    throw err;
  }
  classes.invalidate();
  return true;
}

async function requireCustomClass(
  trx: Knex.Transaction,
  name: string,
  verb: 'update' | 'delete',
): Promise<number> {
  if (isStandardResourceClass(name))
    throw new PlacementError(
      400,
      verb === 'delete'
        ? `Error in delete resource class: Cannot delete standard resource class ${name}.`
        : `Cannot update standard resource class ${name}`,
    );
  const row = await trx('resource_classes').where({ name }).first('id');
  if (!row) throw new PlacementError(404, `No such resource class ${name}.`);
  return Number(row.id);
}

export async function renameResourceClass(
  trx: Knex.Transaction,
  classes: ResourceClassCache,
  name: string,
  newName: string,
) {
  const id = await requireCustomClass(trx, name, 'update');
  if (await trx('resource_classes').where({ name: newName }).first('id')) {
    throw new PlacementError(
      409,
      `Resource class already exists: ${newName}`,
      PlacementErrorCode.DUPLICATE_NAME,
    );
  }
  await trx('resource_classes').where({ id }).update({ name: newName, updated_at: trx.fn.now() });
  classes.invalidate();
}

export async function deleteResourceClass(trx: Knex.Transaction, classes: ResourceClassCache, name: string) {
  const id = await requireCustomClass(trx, name, 'delete');
  if (await trx('inventories').where({ resource_class_id: id }).first('id')) {
    throw new PlacementError(
      409,
      `Error in delete resource class: Cannot delete resource class ${name}. Class is in use in inventory.`,
    );
  }
  await trx('resource_classes').where({ id }).delete();
  classes.invalidate();
}
