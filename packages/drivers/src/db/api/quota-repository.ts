/**
 * Quota limits in nova_api (`quotas`, `project_user_quotas`,
 * `quota_classes`, hard-deleted as in Nova's API database) and the leases of
 * `quota_locks`. A lease is one row per key, taken by an INSERT that only
 * one caller can win on any dialect (the primary key), and given back by a
 * DELETE; no connection is held while the caller's work runs, so the work
 * may use the same pool (SQLite has a single connection).
 */
import { randomUUID } from 'node:crypto';
import { type QuotaRepository, ServiceUnavailable, type UserQuotaRow } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind } from '../shared/db-errors.js';
import { nowDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';

/** How long a lease lasts when its holder dies without giving it back. */
const LEASE_MS = 60_000;
/** How long a caller waits for a key before giving up (503). */
const WAIT_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function byResource(
  rows: { resource: string; hard_limit: number | string | null }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.hard_limit !== null) out[r.resource] = Number(r.hard_limit);
  return out;
}

type LimitRow = { src: string; resource: string; hard_limit: number | string | null };

function limitsOf(db: Knex, table: string, src: string): Knex.QueryBuilder {
  return db(table).select(db.raw(`'${src}' as src`), 'resource', 'hard_limit');
}

// NOTE(speed): one statement per quota check (each create reads all three), compiled once per dialect.

const CLASS_AND_PROJECT_LIMITS = compiledStatement<{ class_name: string; project_id: string }>((db, p) =>
  limitsOf(db, 'quota_classes', 'c')
    .where('class_name', p.class_name)
    .unionAll([limitsOf(db, 'quotas', 'p').where('project_id', p.project_id)]),
);

const CLASS_PROJECT_AND_USER_LIMITS = compiledStatement<{
  class_name: string;
  project_id: string;
  user_id: string;
}>((db, p) =>
  limitsOf(db, 'quota_classes', 'c')
    .where('class_name', p.class_name)
    .unionAll([
      limitsOf(db, 'quotas', 'p').where('project_id', p.project_id),
      limitsOf(db, 'project_user_quotas', 'u').where({ project_id: p.project_id, user_id: p.user_id }),
    ]),
);

export class KnexQuotaRepository implements QuotaRepository {
  /** Callers of this process waiting per key: only the first of them polls the database. */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(private readonly db: Knex) {}

  async getAllByProject(projectId: string): Promise<Record<string, number>> {
    return byResource(
      await this.db('quotas').select('resource', 'hard_limit').where('project_id', projectId),
    );
  }

  async getAllByProjectAndUser(projectId: string, userId: string): Promise<Record<string, number>> {
    return byResource(
      await this.db('project_user_quotas')
        .select('resource', 'hard_limit')
        .where({ project_id: projectId, user_id: userId }),
    );
  }

  async listUserQuotasOfProject(projectId: string): Promise<UserQuotaRow[]> {
    const rows = await this.db('project_user_quotas')
      .select('user_id', 'resource', 'hard_limit')
      .where('project_id', projectId)
      .orderBy('id');
    return rows
      .filter((r) => r.hard_limit !== null)
      .map((r) => ({ user_id: r.user_id, resource: r.resource, hard_limit: Number(r.hard_limit) }));
  }

  async setLimit(projectId: string, resource: string, hardLimit: number, userId?: string): Promise<void> {
    if (userId === undefined) {
      await this.#upsert('quotas', { project_id: projectId, resource }, hardLimit);
    } else {
      await this.#upsert(
        'project_user_quotas',
        { project_id: projectId, user_id: userId, resource },
        hardLimit,
      );
    }
  }

  async destroyAllByProject(projectId: string): Promise<void> {
    await this.db('project_user_quotas').where('project_id', projectId).delete();
    await this.db('quotas').where('project_id', projectId).delete();
  }

  async destroyAllByProjectAndUser(projectId: string, userId: string): Promise<void> {
    await this.db('project_user_quotas').where({ project_id: projectId, user_id: userId }).delete();
  }

  async getClass(className: string): Promise<Record<string, number>> {
    return byResource(
      await this.db('quota_classes').select('resource', 'hard_limit').where('class_name', className),
    );
  }

  async getClassProjectAndUser(className: string, projectId: string, userId?: string) {
    const rows =
      userId === undefined
        ? await CLASS_AND_PROJECT_LIMITS.run<LimitRow[]>(this.db, {
            class_name: className,
            project_id: projectId,
          })
        : await CLASS_PROJECT_AND_USER_LIMITS.run<LimitRow[]>(this.db, {
            class_name: className,
            project_id: projectId,
            user_id: userId,
          });
    return {
      quotaClass: byResource(rows.filter((r) => r.src === 'c')),
      project: byResource(rows.filter((r) => r.src === 'p')),
      user: byResource(rows.filter((r) => r.src === 'u')),
    };
  }

  async setClassLimit(className: string, resource: string, hardLimit: number): Promise<void> {
    await this.#upsert('quota_classes', { class_name: className, resource }, hardLimit);
  }

  /** Update, else insert; an insert that loses a race to another insert updates after all. */
  async #upsert(table: string, key: Record<string, string>, hardLimit: number): Promise<void> {
    const now = nowDbTime();
    const update = () => this.db(table).where(key).update({ hard_limit: hardLimit, updated_at: now });
    if (affectedRows(await update()) > 0) return;
    try {
      await this.db(table).insert({ ...key, hard_limit: hardLimit, created_at: now });
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      await update();
    }
  }

  async serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(key) ?? Promise.resolve();
    let done!: () => void;
    const gate = new Promise<void>((r) => {
      done = r;
    });
    const mine = before.then(() => gate);
    this.#queues.set(key, mine);
    await before;
    try {
      const holder = randomUUID();
      await this.#acquire(key, holder);
      try {
        return await fn();
      } finally {
        await this.db('quota_locks').where({ lock_key: key, holder }).delete();
      }
    } finally {
      done();
      if (this.#queues.get(key) === mine) this.#queues.delete(key);
    }
  }

  async #acquire(key: string, holder: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    let pause = 2;
    for (;;) {
      try {
        await this.db('quota_locks').insert({ lock_key: key, holder, expires_ms: Date.now() + LEASE_MS });
        return;
      } catch (err) {
        if (dbErrorKind(err) !== 'duplicate') throw err;
      }
      // NOTE(lease): a holder that died leaves its row; it is taken over once expired.
      await this.db('quota_locks').where('lock_key', key).andWhere('expires_ms', '<', Date.now()).delete();
      if (Date.now() > deadline) throw new ServiceUnavailable(`Timed out waiting for the quota lock ${key}`);
      await sleep(pause + Math.random() * pause);
      pause = Math.min(pause * 2, 50);
    }
  }
}
