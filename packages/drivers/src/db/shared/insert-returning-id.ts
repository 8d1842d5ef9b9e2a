/**
 * Inserting one row and learning its auto-increment id on every dialect:
 * MySQL and SQLite report the last insert id, PostgreSQL only returns it
 * through INSERT ... RETURNING.
 */
import type { Knex } from 'knex';
import { sqlDialectOf } from './sql-dialect.js';

/** Inserts `row` into `table` (whose key is `id`) and resolves the new id. */
export async function insertReturningId(
  q: Knex | Knex.Transaction,
  table: string,
  row: Readonly<Record<string, unknown>>,
): Promise<number> {
  if (sqlDialectOf(q) === 'postgresql') {
    const [inserted] = await q(table).insert(row).returning('id');
    return Number(inserted.id);
  }
  const [id] = await q(table).insert(row);
  return Number(id);
}
