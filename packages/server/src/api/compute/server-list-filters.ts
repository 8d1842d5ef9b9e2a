/**
 * The query of GET /servers and /servers/detail turned into an instance
 * list query, as Nova's `_get_servers` and `_get_server_search_options` do:
 * which filters a caller without `allow_all_filters` may use at each
 * microversion (ip6 from 2.5, tags 2.26, changes-before 2.66, locked 2.73,
 * the 2.83 set, hostname 2.90), `status` mapped to vm states, and the sort parameters.
 */
import type {
  InstanceRegexFilterName,
  InstanceRegexFilters,
  InstanceTagFilters,
  TaskState,
  VmState,
} from '@novats/core';
import {
  ADMIN_ONLY_SORT_KEYS,
  Forbidden,
  IGNORED_SORT_KEYS,
  INSTANCE_OTHER_REGEX_FILTER_NAMES,
  INSTANCE_REGEX_FILTER_NAMES,
  InvalidInput,
  PolicyNotAuthorized,
  statusToStates,
} from '@novats/core';
import type { ApiVersion } from './api-version.js';
import { lastValue, parseBool } from './pagination.js';
import type { Query } from './route-table.js';

/** An ISO 8601 time query parameter, or 400 as Nova's `format: date-time` check answers. */
function isoTime(q: Query, name: string): string | undefined {
  const raw = lastValue(q[name]);
  if (raw === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i.test(raw);
  if (!ok || Number.isNaN(new Date(raw).getTime())) {
    throw new InvalidInput(
      `Invalid input for query parameters ${name}. Value: ${raw}. '${raw}' is not a 'date-time'`,
    );
  }
  return new Date(raw).toISOString();
}

/** The 2.73 `locked` filter: a strict boolean (Nova's `bool_from_string(strict=True)`), else 400. */
function lockedFilter(q: Query): boolean | undefined {
  const raw = lastValue(q.locked);
  if (raw === undefined) return undefined;
  const value = raw.toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(value)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(value)) return false;
  throw new InvalidInput(
    `Unrecognized value '${raw}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`,
  );
}

/** The 2.26 tag filters: each a comma-separated list of tags. */
function tagFilters(q: Query): InstanceTagFilters {
  const list = (name: string) =>
    lastValue(q[name])
      ?.split(',')
      .filter((t) => t !== '');
  return {
    tags: list('tags'),
    tags_any: list('tags-any'),
    not_tags: list('not-tags'),
    not_tags_any: list('not-tags-any'),
  };
}

/**
 * The filters Nova's `_get_server_search_options` leaves to users without
 * `os_compute_api:servers:allow_all_filters` at microversion `v`; with that
 * policy every filter applies at every microversion.
 */
function nonAdminFilter(name: string, v: ApiVersion): boolean {
  if (['reservation_id', 'name', 'status', 'ip', 'changes-since', 'all_tenants'].includes(name)) return true;
  if (name === 'ip6') return v.atLeast(2, 5);
  if (name === 'hostname') return v.atLeast(2, 90);
  if (name === 'locked') return v.atLeast(2, 73);
  return v.atLeast(2, 83) && (NON_ADMIN_FILTERS_2_83 as readonly string[]).includes(name);
}

const NON_ADMIN_FILTERS_2_83 = [...INSTANCE_REGEX_FILTER_NAMES, 'task_state', 'vm_state', 'user_id'] as const;

/** The regex filters (2.83 for users; reservation_id always, hostname from 2.90) and ip/ip6 (ip6 from 2.5 for users). */
function regexFilters(q: Query, allowed: (name: string) => boolean): InstanceRegexFilters {
  const regex: Partial<Record<InstanceRegexFilterName, string>> = {};
  for (const name of [...INSTANCE_REGEX_FILTER_NAMES, ...INSTANCE_OTHER_REGEX_FILTER_NAMES]) {
    const value = lastValue(q[name]);
    if (value !== undefined && allowed(name)) regex[name] = value;
  }
  const ip = allowed('ip') ? lastValue(q.ip) : undefined;
  const ip6 = allowed('ip6') ? lastValue(q.ip6) : undefined;
  return { regex, ...(ip !== undefined ? { ip } : {}), ...(ip6 !== undefined ? { ip6 } : {}) };
}

export function listFilters(
  q: Query,
  isAdmin: boolean,
  allFilters: boolean,
  projectId: string | null,
  v: ApiVersion,
) {
  const allowed = (name: string) => allFilters || nonAdminFilter(name, v);
  // NOTE(nova): a bare `all_tenants` means true; asking for it needs the get_all_tenants policy (admin).
  const raw = lastValue(q.all_tenants);
  const allTenants = raw !== undefined && (raw === '' || parseBool(raw) === true);
  if (allTenants && !isAdmin) {
    throw new PolicyNotAuthorized('os_compute_api:servers:index:get_all_tenants');
  }
  let vmStates: VmState[] | undefined;
  const statuses = q.status === undefined ? [] : [q.status].flat();
  if (statuses.length > 0) {
    const states = new Set<VmState>();
    for (const st of statuses) {
      const mapped = statusToStates(String(st));
      // NOTE(nova): an unknown status is an error from 2.38; before, it matches nothing.
      if (!mapped && v.atLeast(2, 38)) throw new InvalidInput('Invalid status value');
      if (!mapped) return null;
      for (const v of mapped.vm_states) states.add(v);
    }
    vmStates = [...states];
  } else if (allowed('vm_state') && lastValue(q.vm_state) !== undefined) {
    // NOTE(nova): `status` wins over `vm_state`; the latter is an exact match.
    vmStates = [lastValue(q.vm_state) as VmState];
  }
  const taskState = statuses.length === 0 && allowed('task_state') ? lastValue(q.task_state) : undefined;
  const userId = allowed('user_id') ? lastValue(q.user_id) : undefined;
  const tenant = lastValue(q.project_id) ?? lastValue(q.tenant_id);
  const since = isoTime(q, 'changes-since');
  const before = v.atLeast(2, 66) ? isoTime(q, 'changes-before') : undefined;
  if (since !== undefined && before !== undefined && since > before) {
    throw new InvalidInput('The value of changes-since must be less than or equal to changes-before.');
  }
  return {
    ...sortParams(q, isAdmin, v),
    changes_before: before,
    project_id: allTenants ? (tenant ?? null) : projectId,
    name: lastValue(q.name),
    vm_states: vmStates,
    ...(taskState !== undefined ? { task_states: [taskState as TaskState] } : {}),
    ...(userId !== undefined ? { user_id: userId } : {}),
    ...(lastValue(q.image) !== undefined ? { image_ref: lastValue(q.image) } : {}),
    ...regexFilters(q, allowed),
    host: allFilters ? lastValue(q.host) : undefined,
    changes_since: since,
    deleted: allFilters ? parseBool(q.deleted) : undefined,
    locked: v.atLeast(2, 73) ? lockedFilter(q) : undefined,
    ...(v.atLeast(2, 26) ? tagFilters(q) : {}),
    marker: lastValue(q.marker),
  };
}

/**
 * sort_key/sort_dir as Nova's `get_sort_params`: keys Nova ignores are
 * dropped with their direction, host and node are for admins (403), and
 * more directions than keys is 400.
 */
function sortParams(
  q: Query,
  isAdmin: boolean,
  v: ApiVersion,
): { sort_keys?: string[]; sort_dirs?: ('asc' | 'desc')[] } {
  const keys = q.sort_key === undefined ? [] : [q.sort_key].flat().map(String);
  const dirs = q.sort_dir === undefined ? [] : ([q.sort_dir].flat().map(String) as ('asc' | 'desc')[]);
  if (dirs.length > Math.max(keys.length, 1)) {
    throw new InvalidInput('Sort direction size exceeds sort key size');
  }
  const ignored = new Set<string>(IGNORED_SORT_KEYS);
  const kept: string[] = [];
  const keptDirs: ('asc' | 'desc')[] = [];
  keys.forEach((k, i) => {
    // NOTE(nova): `locked` became a real sort key at 2.73; before, it is one Nova ignores.
    if (ignored.has(k) && !(k === 'locked' && v.atLeast(2, 73))) return;
    if (ADMIN_ONLY_SORT_KEYS.has(k) && !isAdmin)
      throw new Forbidden(`Only administrators can sort servers by ${k}`);
    kept.push(k);
    if (dirs[i] !== undefined) keptDirs.push(dirs[i]);
  });
  if (kept.length === 0) return keys.length === 0 && dirs.length > 0 ? { sort_dirs: dirs } : {};
  return { sort_keys: kept, sort_dirs: keptDirs.length > 0 ? keptDirs : dirs.slice(0, 1) };
}
