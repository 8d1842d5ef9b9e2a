/** Migration records (Nova's `migrations` table) of a cell database. */
import {
  type Migration,
  type MigrationListQuery,
  MigrationNotFound,
  type MigrationRepository,
} from '@novats/core';
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeRequired, nowDbTime, toDbTime } from '../shared/db-time.js';
import { insertReturningId } from '../shared/insert-returning-id.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';

type Row = Record<string, any>;

const NUMBERS = [
  'old_instance_type_id',
  'new_instance_type_id',
  'memory_total',
  'memory_processed',
  'memory_remaining',
  'disk_total',
  'disk_processed',
  'disk_remaining',
] as const;

function fromRow(r: Row): Migration {
  const out: Record<string, unknown> = {
    id: Number(r.id),
    uuid: r.uuid,
    instance_uuid: r.instance_uuid,
    source_compute: r.source_compute,
    dest_compute: r.dest_compute,
    source_node: r.source_node,
    dest_node: r.dest_node,
    dest_host: r.dest_host,
    status: r.status,
    migration_type: r.migration_type,
    project_id: r.project_id,
    user_id: r.user_id,
    created_at: fromDbTimeRequired(r.created_at),
    updated_at: fromDbTime(r.updated_at),
  };
  for (const k of NUMBERS) out[k] = r[k] == null ? null : Number(r[k]);
  return out as unknown as Migration;
}

export class KnexMigrationRepository implements MigrationRepository {
  /**
   * SQLite (>= 3.35) and PostgreSQL have INSERT/UPDATE ... RETURNING; MariaDB
   * does not. A move writes its migration 6 times; each write that answers
   * the row saves the statement that read it again.
   */
  readonly #returning: boolean;

  constructor(private readonly db: Knex) {
    this.#returning = sqlDialectOf(db) !== 'mysql';
  }

  async create(m: Omit<Migration, 'id' | 'created_at' | 'updated_at'>): Promise<Migration> {
    const row = { ...m, created_at: nowDbTime() };
    if (this.#returning) {
      const [created] = (await this.db('migrations').insert(row, '*')) as Row[];
      return fromRow(created);
    }
    // NOTE(mysql): MariaDB has no INSERT ... RETURNING, so the row is read again.
    const id = await insertReturningId(this.db, 'migrations', row);
    const created = await this.get(id);
    if (!created) throw new MigrationNotFound(id);
    return created;
  }

  async get(id: number): Promise<Migration | null> {
    const row = await this.db('migrations').first('*').where({ id, deleted: 0 });
    return row ? fromRow(row) : null;
  }

  async getByUuid(uuid: string): Promise<Migration | null> {
    const row = await this.db('migrations').first('*').where({ uuid, deleted: 0 });
    return row ? fromRow(row) : null;
  }

  async list(q: MigrationListQuery): Promise<Migration[]> {
    const qb = this.db('migrations').select('*').where('deleted', 0);
    if (q.instance_uuid) qb.where('instance_uuid', q.instance_uuid);
    if (q.status) qb.where('status', q.status);
    if (q.migration_type) qb.where('migration_type', q.migration_type);
    if (q.project_id) qb.where('project_id', q.project_id);
    if (q.user_id) qb.where('user_id', q.user_id);
    if (q.host) qb.where((w) => w.where('source_compute', q.host!).orWhere('dest_compute', q.host!));
    if (q.changes_since) qb.whereRaw('COALESCE(updated_at, created_at) >= ?', [toDbTime(q.changes_since)]);
    qb.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    return (await qb).map(fromRow);
  }

  async update(
    id: number,
    patch: Partial<Omit<Migration, 'id' | 'uuid' | 'created_at'>>,
  ): Promise<Migration> {
    const row: Row = { ...patch, updated_at: nowDbTime() };
    const qb = this.db('migrations').where({ id, deleted: 0 });
    if (this.#returning) {
      const [updated] = (await qb.update(row, '*')) as Row[];
      if (!updated) throw new MigrationNotFound(id);
      return fromRow(updated);
    }
    const n = Number(await qb.update(row));
    if (n === 0) throw new MigrationNotFound(id);
    const updated = await this.get(id);
    if (!updated) throw new MigrationNotFound(id);
    return updated;
  }
}
