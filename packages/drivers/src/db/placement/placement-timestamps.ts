/**
 * Reading created_at/updated_at as instants. The columns are filled by the
 * database clock (CURRENT_TIMESTAMP); MySQL hands them back in the session
 * time zone, so every dialect converts to whole epoch seconds in SQL instead
 * of parsing strings in Node (PostgreSQL's timestamptz has microseconds,
 * floored to match the other two).
 */
import type { RecordTimestamps } from '@novats/core';
import type { Knex } from 'knex';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import type { PlacementDialect } from './placement-transaction.js';

/** The dialect behind a knex or a transaction. */
export function dialectOf(q: Knex | Knex.Transaction): PlacementDialect {
  return sqlDialectOf(q);
}

/** Whole epoch seconds of the time expression bound to `?`, per dialect. */
const EPOCH_SQL: Readonly<Record<PlacementDialect, string>> = {
  mysql: 'UNIX_TIMESTAMP(??)',
  sqlite: "CAST(strftime('%s', ??) AS INTEGER)",
  postgresql: 'CAST(FLOOR(EXTRACT(EPOCH FROM ??)) AS BIGINT)',
};

/** Selects `<column>` of `table` (a name or alias) as epoch seconds named `as`. */
export function epochOf(
  knex: Knex | Knex.Transaction,
  dialect: PlacementDialect,
  column: string,
  as: string,
): Knex.Raw {
  return knex.raw(`${EPOCH_SQL[dialect]} as ??`, [column, as]);
}

/** Both timestamp columns of `table` as `created_epoch` and `updated_epoch`. */
export function timestampColumns(
  knex: Knex | Knex.Transaction,
  dialect: PlacementDialect,
  table: string,
): Knex.Raw[] {
  return [
    epochOf(knex, dialect, `${table}.created_at`, 'created_epoch'),
    epochOf(knex, dialect, `${table}.updated_at`, 'updated_epoch'),
  ];
}

function toDate(epoch: unknown): Date | null {
  return epoch == null ? null : new Date(Number(epoch) * 1000);
}

/** The dates of a row selected with `timestampColumns`. */
export function rowTimestamps(row: { created_epoch?: unknown; updated_epoch?: unknown }): RecordTimestamps {
  return { created_at: toDate(row.created_epoch), updated_at: toDate(row.updated_epoch) };
}

/** Newest `updated_at ?? created_at` of the matching rows, in SQL; null when none. */
export async function newestOf(
  query: Knex.QueryBuilder,
  knex: Knex,
  dialect: PlacementDialect,
  table: string,
): Promise<Date | null> {
  const col = knex.raw('COALESCE(??, ??)', [`${table}.updated_at`, `${table}.created_at`]);
  const newest = knex.raw('MAX(?)', [col]);
  const row = await query.first(knex.raw(`${EPOCH_SQL[dialect]} as newest`, [newest]));
  return toDate(row?.newest);
}
