/**
 * Builds the SQL for InstanceRepository.list from an InstanceListQuery, the
 * way Nova's instance_get_all_by_filters_sort does: exact-match filters in
 * SQL, `name` as a case-insensitive regex checked in JS (after a LIKE
 * prefilter when the pattern is a plain word), Nova's sort defaults.
 */
import { type InstanceListQuery, InvalidInput } from '@novats/core';
import type { Knex } from 'knex';
import { toDbTime } from '../shared/db-time.js';
import { processSortParams, type SortKey } from '../shared/keyset-pagination.js';
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
  if (query.changes_since !== undefined) {
    // NOTE(changes-since): a row never updated counts as changed when created.
    qb.whereRaw('COALESCE(updated_at, created_at) >= ?', [toDbTime(query.changes_since)]);
  }
  if (query.changes_before !== undefined) {
    qb.whereRaw('COALESCE(updated_at, created_at) <= ?', [toDbTime(query.changes_before)]);
  }
  if (query.changes_since === undefined && query.changes_before === undefined && !query.deleted) {
    qb.where('deleted', 0);
  }
  // A plain word is a substring match: LIKE narrows the rows the regex must see.
  // NOTE(collation): LIKE ignores case on MySQL and SQLite (ASCII) but not on PostgreSQL.
  if (query.name && /^[\w -]+$/.test(query.name)) {
    const like = sqlDialectOf(qb) === 'postgresql' ? 'ilike' : 'like';
    qb.where('display_name', like, `%${query.name}%`);
  }
  return qb;
}
