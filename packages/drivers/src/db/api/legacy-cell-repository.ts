/**
 * The cells v1 `cells` table behind `nova-manage cell create/list/delete`
 * (Grizzly to Stein). Rows are soft-deleted the Nova way: `deleted` takes the
 * row id, so a name can be created again after a delete.
 */
import { Conflict, type LegacyCell, type LegacyCellRepository } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { nowDbTime } from '../shared/db-time.js';
import { insertReturningId } from '../shared/insert-returning-id.js';
import { affectedRows } from '../shared/knex-connection.js';

const COLUMNS = ['id', 'name', 'is_parent', 'weight_offset', 'weight_scale', 'transport_url'] as const;

export class KnexLegacyCellRepository implements LegacyCellRepository {
  constructor(private readonly db: Knex) {}

  async list(): Promise<LegacyCell[]> {
    const rows = await this.db('cells')
      .select(...COLUMNS)
      .where('deleted', 0)
      .orderBy('id');
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      is_parent: Boolean(r.is_parent),
      weight_offset: Number(r.weight_offset),
      weight_scale: Number(r.weight_scale),
      transport_url: r.transport_url,
    }));
  }

  async create(cell: Omit<LegacyCell, 'id'>): Promise<LegacyCell> {
    try {
      const id = await insertReturningId(this.db, 'cells', { ...cell, created_at: nowDbTime(), deleted: 0 });
      return { ...cell, id };
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(`Cell with name ${cell.name} already exists.`);
    }
  }

  async delete(name: string): Promise<boolean> {
    const n = affectedRows(
      await this.db('cells')
        .where({ name, deleted: 0 })
        .update({ deleted: this.db.ref('id'), deleted_at: nowDbTime() }),
    );
    return n > 0;
  }
}
