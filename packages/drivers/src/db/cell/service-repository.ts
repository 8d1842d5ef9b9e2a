/**
 * Service records (`services`): one per binary per host, found again on a
 * restart. The heartbeat is the hottest write of a cloud at rest, so it is a
 * single UPDATE that bumps report_count in SQL. Deletes are Nova soft deletes
 * (`deleted` = id) so the (host, binary) key can be registered again.
 */
import { randomUUID } from 'node:crypto';
import { Conflict, type Service, ServiceNotFound, type ServiceRepository } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTime, fromDbTimeRequired, nowDbTime } from '../shared/db-time.js';
import { insertReturningId } from '../shared/insert-returning-id.js';

const COLUMNS = [
  'id',
  'uuid',
  'host',
  'binary',
  'topic',
  'disabled',
  'disabled_reason',
  'forced_down',
  'report_count',
  'version',
  'created_at',
  'updated_at',
] as const;

function fromRow(r: Record<string, any>): Service {
  return {
    id: Number(r.id),
    uuid: r.uuid,
    host: r.host,
    binary: r.binary,
    topic: r.topic,
    disabled: Boolean(r.disabled),
    disabled_reason: r.disabled_reason,
    forced_down: Boolean(r.forced_down),
    report_count: Number(r.report_count),
    version: Number(r.version),
    created_at: fromDbTimeRequired(r.created_at),
    updated_at: fromDbTime(r.updated_at),
  };
}

/** Every service of the cloud runs this on each report interval. */
const HEARTBEAT = compiledStatement<{ id: number; now: string }>((db, p) =>
  db('services')
    .where({ id: p.id, deleted: 0 })
    .update({ report_count: db.raw('report_count + 1'), updated_at: p.now, last_seen_up: p.now }),
);

export class KnexServiceRepository implements ServiceRepository {
  constructor(private readonly db: Knex) {}

  async #find(host: string, binary: string): Promise<Service | null> {
    const row = await this.db('services')
      .first(...COLUMNS)
      .where({ host, binary, deleted: 0 });
    return row ? fromRow(row) : null;
  }

  async register(host: string, binary: string, topic: string | null, version: number): Promise<Service> {
    const existing = await this.#find(host, binary);
    if (existing) {
      if (existing.version === version) return existing;
      // A restart on newer (or older) code records the running version, as Nova's Service.save.
      await this.db('services').where('id', existing.id).update({ version, updated_at: nowDbTime() });
      return (await this.get(existing.id))!;
    }
    try {
      const id = await insertReturningId(this.db, 'services', {
        uuid: randomUUID(),
        host,
        binary,
        topic,
        version,
        report_count: 0,
        disabled: false,
        forced_down: false,
        created_at: nowDbTime(),
        deleted: 0,
      });
      return (await this.get(id))!;
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      // Another process registered the same service first; use its row.
      const winner = await this.#find(host, binary);
      if (!winner) throw new Conflict(`Service ${binary} on host ${host} could not be registered.`);
      return winner;
    }
  }

  async heartbeat(id: number): Promise<void> {
    const n = Number(await HEARTBEAT.run(this.db, { id, now: nowDbTime() }));
    if (n === 0) throw new ServiceNotFound(id);
  }

  async list(query: { host?: string; binary?: string } = {}): Promise<Service[]> {
    const qb = this.db('services')
      .select(...COLUMNS)
      .where('deleted', 0);
    if (query.host) qb.where('host', query.host);
    if (query.binary) qb.where('binary', query.binary);
    return (await qb.orderBy('id')).map(fromRow);
  }

  async get(id: number): Promise<Service | null> {
    const row = await this.db('services')
      .first(...COLUMNS)
      .where({ id, deleted: 0 });
    return row ? fromRow(row) : null;
  }

  async update(
    id: number,
    patch: Partial<Pick<Service, 'disabled' | 'disabled_reason' | 'forced_down'>>,
  ): Promise<Service> {
    const values: Record<string, unknown> = { updated_at: nowDbTime() };
    for (const k of ['disabled', 'disabled_reason', 'forced_down'] as const) {
      if (patch[k] !== undefined) values[k] = patch[k];
    }
    const n = Number(await this.db('services').where({ id, deleted: 0 }).update(values));
    if (n === 0) throw new ServiceNotFound(id);
    return (await this.get(id))!;
  }

  async delete(id: number): Promise<void> {
    const n = Number(
      await this.db('services')
        .where({ id, deleted: 0 })
        .update({ deleted: this.db.ref('id'), deleted_at: nowDbTime() }),
    );
    if (n === 0) throw new ServiceNotFound(id);
  }
}
