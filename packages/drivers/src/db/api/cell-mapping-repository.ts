/**
 * Cells v2 mappings (`cell_mappings`): where each cell's database and
 * message queue are. Deleting a cell that hosts or instances still map to
 * is refused by the foreign keys and reported as a Conflict.
 */
import { type CellMapping, type CellMappingRepository, Conflict, NotFound } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { nowDbTime } from '../shared/db-time.js';
import { insertReturningId } from '../shared/insert-returning-id.js';
import { affectedRows } from '../shared/knex-connection.js';

const COLUMNS = ['id', 'uuid', 'name', 'transport_url', 'database_connection', 'disabled'] as const;

interface CellMappingRow extends Omit<CellMapping, 'disabled'> {
  readonly disabled: number | boolean;
}

function fromRow(row: CellMappingRow): CellMapping {
  return {
    id: Number(row.id),
    uuid: row.uuid,
    name: row.name,
    transport_url: row.transport_url,
    database_connection: row.database_connection,
    disabled: Boolean(row.disabled),
  };
}

/** Nova's CellMappingNotFound. */
export class CellMappingNotFound extends NotFound {
  override readonly code = 'cells.cell_mapping.not_found';
  constructor(uuid: string) {
    super(`Cell ${uuid} has no mapping.`);
  }
}

export class KnexCellMappingRepository implements CellMappingRepository {
  constructor(private readonly db: Knex) {}

  async list(): Promise<CellMapping[]> {
    const rows = await this.db('cell_mappings')
      .select(...COLUMNS)
      .orderBy('id');
    return rows.map(fromRow);
  }

  async get(uuid: string): Promise<CellMapping | null> {
    const row = await this.db('cell_mappings')
      .first(...COLUMNS)
      .where('uuid', uuid);
    return row ? fromRow(row) : null;
  }

  async create(cell: Omit<CellMapping, 'id'>): Promise<CellMapping> {
    try {
      const id = await insertReturningId(this.db, 'cell_mappings', {
        uuid: cell.uuid,
        name: cell.name,
        transport_url: cell.transport_url,
        database_connection: cell.database_connection,
        disabled: cell.disabled,
        created_at: nowDbTime(),
      });
      return { ...cell, id };
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(`Cell mapping with uuid ${cell.uuid} already exists.`);
    }
  }

  async update(uuid: string, patch: Partial<Omit<CellMapping, 'id' | 'uuid'>>): Promise<CellMapping> {
    const values: Record<string, unknown> = { updated_at: nowDbTime() };
    for (const k of ['name', 'transport_url', 'database_connection', 'disabled'] as const) {
      if (patch[k] !== undefined) values[k] = patch[k];
    }
    const n = affectedRows(await this.db('cell_mappings').where('uuid', uuid).update(values));
    if (n === 0) throw new CellMappingNotFound(uuid);
    return (await this.get(uuid))!;
  }

  async delete(uuid: string): Promise<void> {
    try {
      const n = affectedRows(await this.db('cell_mappings').where('uuid', uuid).del());
      if (n === 0) throw new CellMappingNotFound(uuid);
    } catch (err) {
      if (dbErrorKind(err) !== 'foreign_key') throw err;
      throw new Conflict(`Cell ${uuid} still has host or instance mappings.`);
    }
  }
}
