/**
 * Host mappings (`host_mappings`): which cell a compute host belongs to,
 * written by `nova-manage cell_v2 discover_hosts`. The cell is stored by id
 * and resolved from its uuid inside the same statement.
 */
import { Conflict, type HostMapping, type HostMappingRepository } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { nowDbTime } from '../shared/db-time.js';
import { CellMappingNotFound } from './cell-mapping-repository.js';

export class KnexHostMappingRepository implements HostMappingRepository {
  constructor(private readonly db: Knex) {}

  #select(): Knex.QueryBuilder {
    return this.db('host_mappings as h')
      .join('cell_mappings as c', 'c.id', 'h.cell_id')
      .select('h.host', 'c.uuid as cell_uuid');
  }

  async get(host: string): Promise<HostMapping | null> {
    const row = await this.#select().where('h.host', host).first();
    return row ? { host: row.host, cell_uuid: row.cell_uuid } : null;
  }

  async list(query: { cell_uuid?: string } = {}): Promise<HostMapping[]> {
    const qb = this.#select();
    if (query.cell_uuid) qb.where('c.uuid', query.cell_uuid);
    const rows = await qb.orderBy('h.id');
    return rows.map((r: HostMapping) => ({ host: r.host, cell_uuid: r.cell_uuid }));
  }

  async create(mapping: HostMapping): Promise<void> {
    try {
      await this.db('host_mappings').insert({
        host: mapping.host,
        cell_id: this.db('cell_mappings').select('id').where('uuid', mapping.cell_uuid),
        created_at: nowDbTime(),
      });
    } catch (err) {
      const kind = dbErrorKind(err);
      // An unknown cell uuid makes the sub-select NULL, which NOT NULL refuses.
      if (kind === 'not_null') throw new CellMappingNotFound(mapping.cell_uuid);
      if (kind !== 'duplicate') throw err;
      const existing = await this.get(mapping.host);
      throw new Conflict(
        `Host '${mapping.host}' is already mapped to cell ${existing?.cell_uuid ?? 'unknown'}.`,
      );
    }
  }

  async delete(host: string): Promise<void> {
    await this.db('host_mappings').where('host', host).del();
  }
}
