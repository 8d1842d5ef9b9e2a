/**
 * Instance mappings (`instance_mappings`): which cell an instance lives in,
 * null while it is only a build request. Reads join the cell uuid in; writes
 * resolve it with a sub-select, so each call is a single statement.
 */
import { Conflict, type InstanceMapping, type InstanceMappingRepository, NotFound } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTimeRequired, nowDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';
import { CellMappingNotFound } from './cell-mapping-repository.js';

interface InstanceMappingRow {
  readonly instance_uuid: string;
  readonly cell_uuid: string | null;
  readonly project_id: string;
  readonly user_id: string | null;
  readonly queued_for_delete: number | boolean;
  readonly created_at: unknown;
}

function fromRow(row: InstanceMappingRow): InstanceMapping {
  return {
    instance_uuid: row.instance_uuid,
    cell_uuid: row.cell_uuid ?? null,
    project_id: row.project_id,
    user_id: row.user_id,
    queued_for_delete: Boolean(row.queued_for_delete),
    ...(row.created_at ? { created_at: fromDbTimeRequired(row.created_at) } : {}),
  };
}

export class InstanceMappingNotFound extends NotFound {
  override readonly code = 'cells.instance_mapping.not_found';
  constructor(uuid: string) {
    super(`Instance ${uuid} has no mapping to a cell.`);
  }
}

function selectMappings(db: Knex): Knex.QueryBuilder {
  return db('instance_mappings as m')
    .leftJoin('cell_mappings as c', 'c.id', 'm.cell_id')
    .select(
      'm.instance_uuid',
      'c.uuid as cell_uuid',
      'm.project_id',
      'm.user_id',
      'm.queued_for_delete',
      'm.created_at',
    );
}

function cellIdOf(db: Knex, cellUuid: string | null): Knex.QueryBuilder {
  return db('cell_mappings').select('id').where('uuid', cellUuid);
}

// NOTE(perf): every server boot and delete runs these; knex compiles each once per dialect.

/** A null cell uuid matches no cell, so the sub-select leaves cell_id NULL (a build request's mapping). */
const CREATE_MAPPING = compiledStatement<{
  instance_uuid: string;
  cell_uuid: string | null;
  project_id: string;
  user_id: string | null;
  queued_for_delete: boolean;
  created_at: string;
}>((db, p) =>
  db('instance_mappings').insert({
    instance_uuid: p.instance_uuid,
    cell_id: cellIdOf(db, p.cell_uuid),
    project_id: p.project_id,
    user_id: p.user_id,
    queued_for_delete: p.queued_for_delete,
    created_at: p.created_at,
  }),
);

const GET_MAPPING = compiledStatement<{ instance_uuid: string }>((db, p) =>
  selectMappings(db).where('m.instance_uuid', p.instance_uuid).first(),
);

const SET_CELL = compiledStatement<{ instance_uuid: string; cell_uuid: string; now: string }>((db, p) =>
  db('instance_mappings')
    .where('instance_uuid', p.instance_uuid)
    .whereExists(cellIdOf(db, p.cell_uuid))
    .update({ cell_id: cellIdOf(db, p.cell_uuid), updated_at: p.now }),
);

const SET_QUEUED_FOR_DELETE = compiledStatement<{ instance_uuid: string; queued: boolean; now: string }>(
  (db, p) =>
    db('instance_mappings')
      .where('instance_uuid', p.instance_uuid)
      .update({ queued_for_delete: p.queued, updated_at: p.now }),
);

export class KnexInstanceMappingRepository implements InstanceMappingRepository {
  constructor(private readonly db: Knex) {}

  async create(mapping: InstanceMapping): Promise<void> {
    try {
      await CREATE_MAPPING.run(this.db, {
        instance_uuid: mapping.instance_uuid,
        cell_uuid: mapping.cell_uuid ?? null,
        project_id: mapping.project_id,
        user_id: mapping.user_id ?? null,
        queued_for_delete: mapping.queued_for_delete,
        created_at: nowDbTime(),
      });
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(`Instance mapping for ${mapping.instance_uuid} already exists.`);
    }
  }

  async get(instanceUuid: string): Promise<InstanceMapping | null> {
    const row = await GET_MAPPING.run<InstanceMappingRow | undefined>(this.db, {
      instance_uuid: instanceUuid,
    });
    return row ? fromRow(row) : null;
  }

  async list(query: { project_id?: string | null; cell_uuid?: string }): Promise<InstanceMapping[]> {
    const qb = selectMappings(this.db);
    if (query.project_id) qb.where('m.project_id', query.project_id);
    if (query.cell_uuid) qb.where('c.uuid', query.cell_uuid);
    const rows: InstanceMappingRow[] = await qb.orderBy('m.id');
    return rows.map(fromRow);
  }

  async setCell(instanceUuid: string, cellUuid: string): Promise<void> {
    const n = affectedRows(
      await SET_CELL.run(this.db, { instance_uuid: instanceUuid, cell_uuid: cellUuid, now: nowDbTime() }),
    );
    if (n > 0) return;
    // Only the failure path pays for finding out which side was missing.
    if (!(await this.db('cell_mappings').first('id').where('uuid', cellUuid)))
      throw new CellMappingNotFound(cellUuid);
    throw new InstanceMappingNotFound(instanceUuid);
  }

  async setQueuedForDelete(instanceUuid: string, queued: boolean): Promise<void> {
    const n = affectedRows(
      await SET_QUEUED_FOR_DELETE.run(this.db, { instance_uuid: instanceUuid, queued, now: nowDbTime() }),
    );
    if (n === 0) throw new InstanceMappingNotFound(instanceUuid);
  }

  async delete(instanceUuid: string): Promise<void> {
    await this.db('instance_mappings').where('instance_uuid', instanceUuid).del();
  }

  async deleteMany(instanceUuids: readonly string[]): Promise<number> {
    return deleteByInstanceUuids(this.db, 'instance_mappings', instanceUuids);
  }
}

/** Stays well under SQLite's bound-parameter limit in IN (...) lists. */
const IN_CHUNK = 500;

/** Deletes the rows of `table` whose instance_uuid is listed; resolves how many went. */
export async function deleteByInstanceUuids(
  db: Knex,
  table: string,
  instanceUuids: readonly string[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < instanceUuids.length; i += IN_CHUNK)
    n += affectedRows(
      await db(table)
        .whereIn('instance_uuid', instanceUuids.slice(i, i + IN_CHUNK))
        .del(),
    );
  return n;
}
