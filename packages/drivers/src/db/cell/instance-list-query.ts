/**
 * Builds the SQL for InstanceRepository.list from an InstanceListQuery, the
 * way Nova's instance_get_all_by_filters_sort does: exact-match filters in
 * SQL, `name` as a case-insensitive regex checked in JS (after a LIKE
 * prefilter when the pattern is a plain word), Nova's sort defaults.
 */
import { type InstanceListQuery, InvalidInput } from '@novats/core';
import type { Knex } from 'knex';
import { toDbTime } from '../shared/db-time.js';
import { applyOrder, processSortParams, type SortKey } from '../shared/keyset-pagination.js';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import { INSTANCE_SORT_KEYS } from './instance-row.js';

/** Sort keys and directions, created_at desc then uuid by default. */
export function instanceSortKeys(query: InstanceListQuery): SortKey[] {
  return processSortParams(query.sort_keys, query.sort_dirs, {
    allowed: INSTANCE_SORT_KEYS,
    defaultKeys: ['created_at', 'uuid'],
    defaultDir: 'desc',
  });
}

/** The `name` filter as a regex, or null; rejects an invalid pattern with InvalidInput. */
export function nameRegex(query: InstanceListQuery): RegExp | null {
  if (query.name === undefined || query.name === '') return null;
  try {
    // NOTE(collation): case-insensitive, like Nova's REGEXP on MySQL's default collation.
    return new RegExp(query.name, 'i');
  } catch {
    throw new InvalidInput(`Invalid regular expression for name: ${query.name}`);
  }
}

/** Applies every filter but the marker and the limit. */
export function applyInstanceFilters(qb: Knex.QueryBuilder, query: InstanceListQuery): Knex.QueryBuilder {
  if (query.project_id) qb.where('project_id', query.project_id);
  if (query.user_id) qb.where('user_id', query.user_id);
  if (query.uuids) qb.whereIn('uuid', [...query.uuids]);
  if (query.host) qb.where('host', query.host);
  if (query.vm_states) qb.whereIn('vm_state', [...query.vm_states]);
  if (query.image_ref !== undefined) qb.where('image_ref', query.image_ref);
  if (query.instance_type_id !== undefined) qb.where('instance_type_id', query.instance_type_id);
  if (query.task_states) {
    const states = query.task_states.filter((t) => t !== null);
    const withNull = states.length < query.task_states.length;
    qb.where((w) => {
      w.whereIn('task_state', states);
      if (withNull) w.orWhereNull('task_state');
    });
  }
  if (query.locked !== undefined) qb.where('locked', query.locked);
  applyChangeWindow(qb, {
    since: query.changes_since === undefined ? undefined : toDbTime(query.changes_since),
    before: query.changes_before === undefined ? undefined : toDbTime(query.changes_before),
    deleted: query.deleted,
  });
  // A plain word is a substring match: LIKE narrows the rows the regex must see.
  // NOTE(collation): LIKE ignores case on MySQL and SQLite (ASCII) but not on PostgreSQL.
  if (query.name && /^[\w -]+$/.test(query.name)) {
    const like = sqlDialectOf(qb) === 'postgresql' ? 'ilike' : 'like';
    qb.where('display_name', like, `%${query.name}%`);
  }
  return qb;
}

/**
 * changes-since / changes-before (stored times, or a compiled statement's
 * stand-ins for them) and the deleted rows they bring back, as Nova.
 */
function applyChangeWindow(
  qb: Knex.QueryBuilder,
  w: { since: unknown; before: unknown; deleted: boolean | undefined },
): void {
  // NOTE(changes-since): a row never updated counts as changed when created,
  // which is COALESCE(updated_at, created_at) in the window. It is written as
  // two index ranges (instances_updated_at_project_id_idx, whose updated_at
  // also holds the NULLs) so that a status watcher's poll reads the few rows
  // changed since, not every row of the table through a COALESCE.
  if (w.since !== undefined || w.before !== undefined) {
    qb.where((either) => {
      either.where((updated) => {
        if (w.since !== undefined) updated.where('updated_at', '>=', w.since as Knex.Value);
        if (w.before !== undefined) updated.where('updated_at', '<=', w.before as Knex.Value);
      });
      either.orWhere((created) => {
        created.whereNull('updated_at');
        if (w.since !== undefined) created.where('created_at', '>=', w.since as Knex.Value);
        if (w.before !== undefined) created.where('created_at', '<=', w.before as Knex.Value);
      });
    });
  }
  if (w.since === undefined && w.before === undefined && !w.deleted) qb.where('deleted', 0);
}

/** The filters a plain list may carry; a query with any other one takes the query builder. */
const PLAIN_LIST_FILTERS: ReadonlySet<string> = new Set([
  'project_id',
  'changes_since',
  'changes_before',
  'deleted',
  'sort_keys',
  'sort_dirs',
  'limit',
]);

/** A plain list's statement shape (see plainInstanceList) and the values it binds. */
export interface PlainListShape {
  readonly key: string;
  readonly values: { project_id?: string; since?: string; before?: string };
  build(qb: Knex.QueryBuilder, p: Record<string, unknown>): Knex.QueryBuilder;
}

/**
 * NOTE(perf): a list filtered by nothing but project, changes-since/before and
 * deleted (a status watcher polling changes-since, a project's listing) is one
 * of a few fixed statements, compiled once; null for any other query (a
 * marker, a name, regex, tag or any further filter), which the builder serves.
 */
export function plainInstanceList(
  query: InstanceListQuery,
  keys: readonly SortKey[],
  limit: number | undefined,
): PlainListShape | null {
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (name === 'regex' && Object.values(value as object).every((v) => v === undefined)) continue;
    if (!PLAIN_LIST_FILTERS.has(name)) return null;
  }
  const byProject = Boolean(query.project_id);
  const since = query.changes_since === undefined ? undefined : (toDbTime(query.changes_since) as string);
  const before = query.changes_before === undefined ? undefined : (toDbTime(query.changes_before) as string);
  const deleted = Boolean(query.deleted);
  const order = keys.map((k) => `${k.column} ${k.dir}`).join(',');
  return {
    key: [byProject, since !== undefined, before !== undefined, deleted, order, limit ?? '-'].join('|'),
    values: {
      ...(byProject ? { project_id: query.project_id as string } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(before !== undefined ? { before } : {}),
    },
    build(qb, p) {
      if (byProject) qb.where('project_id', p.project_id as Knex.Value);
      applyChangeWindow(qb, {
        since: since === undefined ? undefined : p.since,
        before: before === undefined ? undefined : p.before,
        deleted,
      });
      applyOrder(qb, keys);
      // NOTE(limit): part of the shape, since knex writes a limit only from a number.
      if (limit !== undefined) qb.limit(limit);
      return qb;
    },
  };
}
