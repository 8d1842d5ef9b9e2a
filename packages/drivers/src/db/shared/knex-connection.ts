/**
 * Opens a knex instance from a Nova-style connection URL. Every database
 * handle of this package goes through here so that pool and dialect
 * settings (WAL, foreign keys, utf8mb4) come from one place.
 */
import knex, { type Knex } from 'knex';
import { knexConfig } from '../connection-url.js';

export interface OpenOptions {
  /** mysql and postgresql: connection pool bounds (sqlite always uses one connection). */
  readonly pool?: { min: number; max: number };
}

export function openKnex(url: string, opts: OpenOptions = {}): Knex {
  return knex(knexConfig(url, opts.pool ? { pool: opts.pool } : {}));
}

/** Runs `fn` with a short-lived handle that is always destroyed. */
export async function withKnex<T>(url: string, fn: (db: Knex) => Promise<T>): Promise<T> {
  const db = openKnex(url, { pool: { min: 0, max: 2 } });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** Affected-row count of a knex update/delete on any dialect. */
export function affectedRows(result: unknown): number {
  return typeof result === 'number' ? result : Number(result ?? 0);
}
