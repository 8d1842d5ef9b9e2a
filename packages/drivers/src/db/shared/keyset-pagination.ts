/**
 * Marker pagination the way oslo.db's paginate_query does it: order by the
 * sort keys, then keep only the rows strictly after the marker row in that
 * order. NULL sorts first ascending and last descending on SQLite and MySQL;
 * PostgreSQL is told to do the same (NULLS FIRST/LAST), and the conditions
 * below follow that rule so no row is skipped.
 */

import { InvalidInput } from '@novats/core';
import type { Knex } from 'knex';
import { sqlDialectOf } from './sql-dialect.js';

export type SortDir = 'asc' | 'desc';

export interface SortKey {
  readonly column: string;
  readonly dir: SortDir;
}

/**
 * Nova's process_sort_params: directions default to the first given one (or
 * `defaultDir`), more directions than keys is an error, and the default keys
 * are appended when missing so that the order is total.
 */
export function processSortParams(
  keys: readonly string[] | undefined,
  dirs: readonly string[] | undefined,
  opts: { allowed: ReadonlySet<string>; defaultKeys: readonly string[]; defaultDir: SortDir },
): SortKey[] {
  const resultKeys = [...(keys ?? [])];
  for (const k of resultKeys) {
    if (!opts.allowed.has(k)) throw new InvalidInput(`Invalid sort key: ${k}`);
  }
  for (const d of dirs ?? []) {
    if (d !== 'asc' && d !== 'desc')
      throw new InvalidInput(`Unknown sort direction, must be 'desc' or 'asc': ${d}`);
  }
  const defaultDir = (dirs?.[0] as SortDir | undefined) ?? opts.defaultDir;
  const resultDirs = [...((dirs ?? []) as SortDir[])];
  if (resultDirs.length > resultKeys.length)
    throw new InvalidInput('Sort direction size exceeds sort key size');
  while (resultDirs.length < resultKeys.length) resultDirs.push(defaultDir);
  for (const k of opts.defaultKeys) {
    if (!resultKeys.includes(k)) {
      resultKeys.push(k);
      resultDirs.push(defaultDir);
    }
  }
  return resultKeys.map((column, i) => ({ column, dir: resultDirs[i] }));
}

export function applyOrder(qb: Knex.QueryBuilder, keys: readonly SortKey[]): Knex.QueryBuilder {
  // NOTE(postgresql): its default is the opposite (NULL is larger than any value).
  const isPg = sqlDialectOf(qb) === 'postgresql';
  for (const k of keys) {
    if (isPg) qb.orderBy(k.column, k.dir, k.dir === 'asc' ? 'first' : 'last');
    else qb.orderBy(k.column, k.dir);
  }
  return qb;
}

/** Restricts `qb` to the rows after `marker` (a raw row holding every sort column). */
export function applyKeyset(
  qb: Knex.QueryBuilder,
  keys: readonly SortKey[],
  marker: Readonly<Record<string, unknown>>,
): Knex.QueryBuilder {
  return qb.where((outer) => {
    keys.forEach((key, i) => {
      outer.orWhere((branch) => {
        for (const prev of keys.slice(0, i)) whereEqual(branch, prev.column, marker[prev.column]);
        whereAfter(branch, key, marker[key.column]);
      });
    });
  });
}

function whereEqual(qb: Knex.QueryBuilder, column: string, value: unknown): void {
  if (value === null || value === undefined) qb.whereNull(column);
  else qb.where(column, value as Knex.Value);
}

function whereAfter(qb: Knex.QueryBuilder, key: SortKey, value: unknown): void {
  const isNull = value === null || value === undefined;
  if (key.dir === 'asc') {
    if (isNull) qb.whereNotNull(key.column);
    else qb.where(key.column, '>', value as Knex.Value);
  } else if (isNull) {
    qb.whereRaw('1 = 0');
  } else {
    qb.where((q) => q.where(key.column, '<', value as Knex.Value).orWhereNull(key.column));
  }
}

/** The error Nova's API returns for a marker that matches nothing. */
export function markerNotFound(marker: string): InvalidInput {
  return new InvalidInput(`marker [${marker}] not found`);
}
