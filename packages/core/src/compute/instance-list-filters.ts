/**
 * The server list's regex filters, as Nova's instance_get_all_by_filters
 * applies them: a filter naming an instance column that is not one of the
 * exact-match ones is a regular expression searched (not anchored) in the
 * column's text, the way MySQL's REGEXP sees it; and the `ip`/`ip6` filters
 * (Nova's `compute.API._ip_filter`): a regex matched at the start of each
 * fixed address of that IP version.
 */
import { InvalidInput } from '../errors/common-errors.js';
import type { Instance } from '../objects/instance.js';

/** Columns Nova filters by regex that GET /servers accepts (2.83 opens them to non-admins). */
export const INSTANCE_REGEX_FILTER_NAMES = [
  'availability_zone',
  'config_drive',
  'key_name',
  'created_at',
  'launched_at',
  'terminated_at',
  'power_state',
  'progress',
] as const;

/** The other regex columns of GET /servers: `reservation_id` (users always), `hostname` (users from 2.90). */
export const INSTANCE_OTHER_REGEX_FILTER_NAMES = ['reservation_id', 'hostname'] as const;

export type InstanceRegexFilterName =
  | (typeof INSTANCE_REGEX_FILTER_NAMES)[number]
  | (typeof INSTANCE_OTHER_REGEX_FILTER_NAMES)[number];

export interface InstanceRegexFilters {
  /** Column name → regex searched in the column's text. */
  readonly regex?: Readonly<Partial<Record<InstanceRegexFilterName, string>>>;
  /** Regex matched at the start of an IPv4 fixed address. */
  readonly ip?: string;
  /** Regex matched at the start of an IPv6 fixed address. */
  readonly ip6?: string;
}

/** Whether any of these filters is set (so a list must look at each row). */
export function hasRegexFilters(f: InstanceRegexFilters): boolean {
  return (
    f.ip !== undefined || f.ip6 !== undefined || Object.values(f.regex ?? {}).some((v) => v !== undefined)
  );
}

function compile(name: string, pattern: string, flags: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch {
    throw new InvalidInput(`Invalid regular expression for ${name}: ${pattern}`);
  }
}

/** A column's value as the database's text of it: times as `YYYY-MM-DD HH:MM:SS`. */
function columnText(instance: Instance, name: InstanceRegexFilterName): string | null {
  const value = instance[name];
  if (value === null || value === undefined) return null;
  if (name === 'created_at' || name === 'launched_at' || name === 'terminated_at') {
    const d = new Date(String(value));
    return Number.isNaN(d.getTime()) ? String(value) : d.toISOString().slice(0, 19).replace('T', ' ');
  }
  return String(value);
}

/**
 * A predicate over instances for these filters; throws InvalidInput for a
 * pattern that is not a regular expression. With `skipEmpty` (build
 * requests, as Nova's BuildRequestList) an empty column passes.
 */
export function instanceRegexMatcher(
  f: InstanceRegexFilters,
  opts: { skipEmpty?: boolean } = {},
): (instance: Instance) => boolean {
  // NOTE(collation): column regexes ignore case, like REGEXP on MySQL's default collation.
  const columns = Object.entries(f.regex ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k as InstanceRegexFilterName, compile(k, String(v), 'i')] as const);
  // NOTE(nova): the ip filters are Python's re.match, anchored at the start only.
  // The pattern alone is compiled first, so that a bad one is named as the user wrote it.
  const anchored = (name: string, p: string | undefined) => {
    if (p === undefined) return null;
    compile(name, p, '');
    return new RegExp(`^(?:${p})`);
  };
  const ip4 = anchored('ip', f.ip);
  const ip6 = anchored('ip6', f.ip6);
  return (instance) => {
    for (const [name, re] of columns) {
      const text = columnText(instance, name);
      // NOTE(nova): NULL never matches REGEXP; a build request skips an empty attribute.
      if (opts.skipEmpty && !text) continue;
      if (text === null) return false;
      if (!re.test(text)) return false;
    }
    if (ip4 || ip6) {
      return instance.addresses.some(
        (a) =>
          a.type === 'fixed' &&
          ((a.version === 4 && ip4 !== null && ip4.test(a.addr)) ||
            (a.version === 6 && ip6 !== null && ip6.test(a.addr))),
      );
    }
    return true;
  };
}
