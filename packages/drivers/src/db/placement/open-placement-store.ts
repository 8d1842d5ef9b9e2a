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
  const db = knex(knexConfig(url, { pool: opts.pool }));
  try {
    await migratePlacementDatabase(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new KnexPlacementStore(db, { indexMaxAgeMs: opts.indexMaxAgeMs });
}
