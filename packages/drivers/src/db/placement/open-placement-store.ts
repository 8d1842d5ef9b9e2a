/**
 * Opening the placement database from a Nova-style connection URL
 * (`[placement_database] connection`), migrated and ready to serve.
 */
import knex from 'knex';
import { knexConfig } from '../connection-url.js';
import { KnexPlacementStore } from './knex-placement-store.js';
import { migratePlacementDatabase } from './placement-migrations.js';

export async function openPlacementStore(
  url: string,
  opts: {
    pool?: { min: number; max: number };
    /** See KnexPlacementStore: a_c may use an index verified this long ago (ms, default 0). */
    indexMaxAgeMs?: number;
  } = {},
): Promise<KnexPlacementStore> {
  const config = knexConfig(url, { pool: opts.pool });
  const mysql = config.client === 'mysql2';
  if (mysql) config.pool = { ...config.pool, afterCreate: readCommittedSession };
  const db = knex(config);
  try {
    await migratePlacementDatabase(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new KnexPlacementStore(db, { indexMaxAgeMs: opts.indexMaxAgeMs, readCommittedSessions: mysql });
}

/**
 * NOTE(mysql): write transactions run READ COMMITTED (placement-transaction.ts).
 * Made the session's default once per connection, a transaction no longer
 * sends its own SET TRANSACTION ISOLATION LEVEL before BEGIN.
 */
function readCommittedSession(
  conn: { query(sql: string, cb: (err: Error | null) => void): void },
  done: (err: Error | null, conn: unknown) => void,
): void {
  conn.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (err) => done(err, conn));
}
