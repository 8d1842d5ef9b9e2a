/**
 * Host aggregates in nova_api (`aggregates`, `aggregate_hosts`,
 * `aggregate_metadata`). Rows are hard-deleted as in Nova's API database;
 * uniqueness (names, memberships, metadata keys) is left to the unique keys
 * and their violations reported as Nova's conflicts.
 */
import { type Aggregate, type AggregateRepository, Conflict, NotFound } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTime, nowDbTime } from '../shared/db-time.js';
import { insertReturningId } from '../shared/insert-returning-id.js';
import { affectedRows } from '../shared/knex-connection.js';

const AZ_KEY = 'availability_zone';

interface AggregateRow {
  readonly id: number | string;
  readonly uuid: string;
  readonly name: string;
  readonly created_at: unknown;
  readonly updated_at: unknown;
}

/** Nova's AggregateNotFound. */
export class AggregateNotFound extends NotFound {
  override readonly code = 'compute.aggregate.not_found';
  constructor(id: number | string) {
    super(`Aggregate ${id} could not be found.`);
  }
}

export class KnexAggregateRepository implements AggregateRepository {
  constructor(private readonly db: Knex) {}

  /** Rows plus their hosts and metadata, in three queries. */
  async #load(rows: AggregateRow[], trx: Knex = this.db): Promise<Aggregate[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const [hosts, meta] = await Promise.all([
      trx('aggregate_hosts').select('aggregate_id', 'host').whereIn('aggregate_id', ids).orderBy('host'),
      trx('aggregate_metadata').select('aggregate_id', 'key', 'value').whereIn('aggregate_id', ids),
    ]);
    const hostsOf = new Map<number, string[]>();
    for (const h of hosts) {
      const id = Number(h.aggregate_id);
      hostsOf.set(id, [...(hostsOf.get(id) ?? []), h.host]);
    }
    const metaOf = new Map<number, Record<string, string>>();
    for (const m of meta) {
      const id = Number(m.aggregate_id);
      const md = metaOf.get(id) ?? {};
      md[m.key] = m.value;
      metaOf.set(id, md);
    }
    return rows.map((r) => ({
      id: Number(r.id),
      uuid: r.uuid,
      name: r.name,
      hosts: hostsOf.get(Number(r.id)) ?? [],
      metadata: metaOf.get(Number(r.id)) ?? {},
      created_at: fromDbTime(r.created_at),
      updated_at: fromDbTime(r.updated_at),
    }));
  }

  async list(): Promise<Aggregate[]> {
    return this.#load(await this.db('aggregates').select('*').orderBy('id'));
  }

  async get(id: number, trx: Knex = this.db): Promise<Aggregate> {
    const row = await trx('aggregates').first('*').where('id', id);
    if (!row) throw new AggregateNotFound(id);
    return (await this.#load([row], trx))[0];
  }

  async listByHost(host: string): Promise<Aggregate[]> {
    const rows = await this.db('aggregates')
      .select('aggregates.*')
      .join('aggregate_hosts', 'aggregate_hosts.aggregate_id', 'aggregates.id')
      .where('aggregate_hosts.host', host)
      .orderBy('aggregates.id');
    return this.#load(rows);
  }

  async create(a: {
    readonly uuid: string;
    readonly name: string;
    readonly availability_zone?: string | null;
  }): Promise<Aggregate> {
    const now = nowDbTime();
    try {
      const id = await this.db.transaction(async (trx) => {
        const id = await insertReturningId(trx, 'aggregates', {
          uuid: a.uuid,
          name: a.name,
          created_at: now,
        });
        if (a.availability_zone) {
          await trx('aggregate_metadata').insert({
            aggregate_id: id,
            key: AZ_KEY,
            value: a.availability_zone,
            created_at: now,
          });
        }
        return id;
      });
      return this.get(id);
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(`Aggregate ${a.name} already exists.`);
    }
  }

  async update(
    id: number,
    patch: { readonly name?: string; readonly availability_zone?: string | null },
  ): Promise<Aggregate> {
    try {
      await this.db.transaction(async (trx) => {
        const values: Record<string, unknown> = { updated_at: nowDbTime() };
        if (patch.name !== undefined) values.name = patch.name;
        const n = affectedRows(await trx('aggregates').where('id', id).update(values));
        if (n === 0) throw new AggregateNotFound(id);
        if (patch.availability_zone !== undefined) {
          await this.#setMetadata(trx, id, { [AZ_KEY]: patch.availability_zone });
        }
      });
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(`Aggregate ${patch.name} already exists.`);
    }
    return this.get(id);
  }

  async delete(id: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      // NOTE(portability): children first, not relying on ON DELETE CASCADE being enforced.
      await trx('aggregate_hosts').where('aggregate_id', id).del();
      await trx('aggregate_metadata').where('aggregate_id', id).del();
      const n = affectedRows(await trx('aggregates').where('id', id).del());
      if (n === 0) throw new AggregateNotFound(id);
    });
  }

  async addHost(id: number, host: string): Promise<Aggregate> {
    await this.get(id);
    try {
      await this.db('aggregate_hosts').insert({ aggregate_id: id, host, created_at: nowDbTime() });
    } catch (err) {
      const kind = dbErrorKind(err);
      if (kind === 'foreign_key') throw new AggregateNotFound(id);
      if (kind !== 'duplicate') throw err;
      throw new Conflict(`Aggregate ${id} already has host ${host}.`);
    }
    return this.get(id);
  }

  async removeHost(id: number, host: string): Promise<Aggregate> {
    await this.get(id);
    const n = affectedRows(await this.db('aggregate_hosts').where({ aggregate_id: id, host }).del());
    if (n === 0) throw new NotFound(`Aggregate ${id} has no host ${host}.`);
    return this.get(id);
  }

  async setMetadata(id: number, metadata: Readonly<Record<string, string | null>>): Promise<Aggregate> {
    await this.db.transaction(async (trx) => {
      await this.get(id, trx);
      await this.#setMetadata(trx, id, metadata);
      await trx('aggregates').where('id', id).update({ updated_at: nowDbTime() });
    });
    return this.get(id);
  }

  /** Upserts each key (delete then insert keeps it portable); null deletes. */
  async #setMetadata(
    trx: Knex.Transaction,
    id: number,
    metadata: Readonly<Record<string, string | null>>,
  ): Promise<void> {
    const keys = Object.keys(metadata);
    if (keys.length === 0) return;
    const existing = await trx('aggregate_metadata')
      .select('key', 'created_at')
      .where('aggregate_id', id)
      .whereIn('key', keys);
    const createdAt = new Map(existing.map((r) => [r.key as string, r.created_at]));
    await trx('aggregate_metadata').where('aggregate_id', id).whereIn('key', keys).del();
    const now = nowDbTime();
    const rows = Object.entries(metadata)
      .filter((e): e is [string, string] => e[1] !== null)
      .map(([key, value]) => ({
        aggregate_id: id,
        key,
        value,
        created_at: createdAt.get(key) ?? now,
        updated_at: createdAt.has(key) ? now : null,
      }));
    if (rows.length > 0) await trx('aggregate_metadata').insert(rows);
  }
}
