/**
 * Which limit applies (Nova's DbQuotaDriver `get_defaults`,
 * `get_class_quotas`, `get_project_quotas`, `get_user_quotas` and
 * `get_settable_quotas`) from the rows the API database holds: a user's
 * limit, else the project's, else the `default` quota class's, else the
 * `[quota]` option. Pure: callers load the rows and count the usage.
 */
import type { UserQuotaRow } from '../ports/quota-repository.js';
import {
  isUnlimited,
  QUOTA_OPTION,
  QUOTA_RESOURCES,
  type QuotaLimits,
  type QuotaResource,
  UNLIMITED,
} from './quota-resources.js';

/** Stored hard limits by resource name (one quota class, project or project user). */
export type StoredLimits = Readonly<Record<string, number>>;

/** Counted usage by resource; a resource not counted is 0. */
export type QuotaUsage = Readonly<Partial<Record<QuotaResource, number>>>;

/** The quota class whose rows override the `[quota]` options for everyone. */
export const DEFAULT_QUOTA_CLASS = 'default';

function build(limitOf: (r: QuotaResource) => number): QuotaLimits {
  const out = {} as Record<QuotaResource, number>;
  for (const r of QUOTA_RESOURCES) out[r] = limitOf(r);
  return out;
}

/** The `[quota]` options as limits (nova-network resources -1); `options` maps option names to values. */
export function configQuotaDefaults(options: Readonly<Record<string, number | undefined>>): QuotaLimits {
  return build((r) => {
    const opt = QUOTA_OPTION[r];
    return opt === null ? UNLIMITED : (options[opt] ?? UNLIMITED);
  });
}

/** Every resource unlimited (Nova's NoopQuotaDriver). */
export function unlimitedQuotas(): QuotaLimits {
  return build(() => UNLIMITED);
}

/** Nova's `get_defaults`: the `default` class's rows over the options. */
export function defaultQuotas(config: QuotaLimits, defaultClass: StoredLimits): QuotaLimits {
  return build((r) => defaultClass[r] ?? config[r]);
}

/** Nova's `get_class_quotas`: the class's rows over the options (not over the default class). */
export function classQuotas(config: QuotaLimits, classRows: StoredLimits): QuotaLimits {
  return build((r) => classRows[r] ?? config[r]);
}

/** Nova's `get_project_quotas` limits: the project's rows over the defaults. */
export function projectQuotas(defaults: QuotaLimits, projectRows: StoredLimits): QuotaLimits {
  return build((r) => projectRows[r] ?? defaults[r]);
}

/** Nova's `get_user_quotas` limits: the user's rows over the project's over the defaults. */
export function userQuotas(
  defaults: QuotaLimits,
  projectRows: StoredLimits,
  userRows: StoredLimits,
): QuotaLimits {
  return build((r) => userRows[r] ?? projectRows[r] ?? defaults[r]);
}

function sumLimits(a: number, b: number): number {
  return isUnlimited(a) || isUnlimited(b) ? UNLIMITED : a + b;
}

function subLimits(a: number, b: number): number {
  return isUnlimited(a) || isUnlimited(b) ? UNLIMITED : a - b;
}

/** The range an update may set a limit to (Nova's `get_settable_quotas`). */
export interface SettableRange {
  readonly minimum: number;
  readonly maximum: number;
}

/**
 * Settable ranges of a project (`user` absent) or of one user of it. For a
 * project: at least its usage and the sum of its users' limits, no maximum.
 * For a user: at least the user's usage, at most what the project has not
 * given to its other users.
 */
export function settableQuotas(args: {
  readonly projectLimits: QuotaLimits;
  /** Every project_user_quotas row of the project. */
  readonly userRowsOfProject: readonly UserQuotaRow[];
  readonly projectUsage: QuotaUsage;
  readonly user?: { readonly rows: StoredLimits; readonly usage: QuotaUsage };
}): Record<QuotaResource, SettableRange> {
  // NOTE(nova): remains = the project's limit minus every user limit, by plain subtraction.
  const remains = { ...args.projectLimits } as Record<QuotaResource, number>;
  for (const row of args.userRowsOfProject) {
    if (row.resource in remains) remains[row.resource as QuotaResource] -= row.hard_limit;
  }
  const out = {} as Record<QuotaResource, SettableRange>;
  for (const r of QUOTA_RESOURCES) {
    if (args.user) {
      out[r] = {
        minimum: args.user.usage[r] ?? 0,
        maximum: sumLimits(remains[r], args.user.rows[r] ?? 0),
      };
    } else {
      out[r] = {
        minimum: Math.max(subLimits(args.projectLimits[r], remains[r]), args.projectUsage[r] ?? 0),
        maximum: UNLIMITED,
      };
    }
  }
  return out;
}

/**
 * Nova's `_validate_quota_limit` message when `limit` is outside the range
 * (-1 counts as infinity), or null when it may be set.
 */
export function quotaLimitError(resource: string, limit: number, range: SettableRange): string | null {
  const inf = (v: number) => (v === UNLIMITED ? Number.POSITIVE_INFINITY : v);
  if (inf(limit) < inf(range.minimum)) {
    return `Quota limit ${limit} for ${resource} must be greater than or equal to already used and reserved ${range.minimum}.`;
  }
  if (inf(limit) > inf(range.maximum)) {
    return `Quota limit ${limit} for ${resource} must be less than or equal to ${range.maximum}.`;
  }
  return null;
}
