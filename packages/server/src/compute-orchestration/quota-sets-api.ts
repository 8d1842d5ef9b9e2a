/**
 * os-quota-sets and os-quota-class-sets behind the routes (Nova's
 * `quota_sets.py` and `quota_classes.py` controllers with the
 * DbQuotaDriver): show, detail with usage, defaults, update with the
 * settable-range check (skipped with `force`), delete; quota classes, of
 * which `default` overrides the `[quota]` options.
 */
import type { QuotaLimits, QuotaResource } from '@novats/core';
import {
  classQuotas,
  InvalidInput,
  isQuotaResource,
  QUOTA_RESOURCES,
  quotaLimitError,
  settableQuotas,
  unlimitedQuotas,
} from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import {
  defaultLimits,
  limitsOf,
  projectLockKey,
  quotaSettingsOf,
  usagesOf,
  withQuotaLock,
} from './quota-engine.js';

export interface QuotaDetail {
  readonly limit: number;
  readonly in_use: number;
  readonly reserved: number;
}

/** The limits of a project, or of one of its users. */
export async function showQuotas(
  deps: ComputeApiDeps,
  projectId: string,
  userId?: string,
): Promise<QuotaLimits> {
  const limits = await limitsOf(deps, projectId, userId);
  return userId ? limits.user : limits.project;
}

/** Limits with usage (`reserved` is always 0: Nova no longer reserves). */
export async function detailQuotas(
  deps: ComputeApiDeps,
  projectId: string,
  userId?: string,
): Promise<Record<QuotaResource, QuotaDetail>> {
  const [limits, usage] = await Promise.all([
    showQuotas(deps, projectId, userId),
    usagesOf(deps, projectId, userId),
  ]);
  const out = {} as Record<QuotaResource, QuotaDetail>;
  for (const r of QUOTA_RESOURCES) out[r] = { limit: limits[r], in_use: usage[r] ?? 0, reserved: 0 };
  return out;
}

export function defaultQuotaSet(deps: ComputeApiDeps): Promise<QuotaLimits> {
  return defaultLimits(deps);
}

/** Nova's `db_const.MAX_INT`: the largest limit a column holds. */
const MAX_INT = 0x7fffffff;

/** A limit given as a number or a string of digits; out-of-column values are the caller's mistake. */
function limitValue(key: string, raw: unknown): number {
  const value = Number.parseInt(String(raw), 10);
  if (!Number.isSafeInteger(value) || value > MAX_INT || value < -MAX_INT) {
    throw new InvalidInput(
      `Invalid input for field/attribute ${key}. Value: ${String(raw)}. ${String(raw)} is greater than the maximum of ${MAX_INT}`,
    );
  }
  return value;
}

/** Project, user and class names are at most 255 characters (the columns' size). */
function checkName(what: string, value: string | undefined): void {
  if (value !== undefined && value.length > 255)
    throw new InvalidInput(`${what} has more than 255 characters.`);
}

/** Nova's `bool_from_string` for the `force` flag. */
function truthy(v: unknown): boolean {
  return (
    v === true || (typeof v === 'string' && ['true', '1', 'on', 'yes', 'y', 't'].includes(v.toLowerCase()))
  );
}

/**
 * Sets the given limits of a project (or of one of its users); each must lie
 * in its settable range (at least the usage, a user at most what the project
 * has left) unless `force` is true. Checks all before writing any.
 */
export async function updateQuotas(
  deps: ComputeApiDeps,
  projectId: string,
  userId: string | undefined,
  body: Readonly<Record<string, unknown>>,
): Promise<QuotaLimits> {
  // NOTE(nova): the schema lets `networks` through before 2.36 only to refuse it here.
  if ('networks' in body) throw new InvalidInput('The networks quota has been removed');
  checkName('project_id', projectId);
  checkName('user_id', userId);
  const force = truthy(body.force);
  await withQuotaLock(deps, projectLockKey(projectId), async () => {
    const ranges = force ? null : await settableRanges(deps, projectId, userId);
    const valid: [string, number][] = [];
    for (const [key, raw] of Object.entries(body)) {
      if (key === 'force' || raw === null || raw === undefined || raw === '') continue;
      const value = limitValue(key, raw);
      if (ranges && isQuotaResource(key)) {
        const error = quotaLimitError(key, value, ranges[key]);
        if (error) throw new InvalidInput(error);
      }
      valid.push([key, value]);
    }
    for (const [key, value] of valid) await deps.api.quotas.setLimit(projectId, key, value, userId);
  });
  return showQuotas(deps, projectId, userId);
}

async function settableRanges(deps: ComputeApiDeps, projectId: string, userId?: string) {
  const [limits, userRowsOfProject, projectUsage] = await Promise.all([
    limitsOf(deps, projectId, userId),
    deps.api.quotas.listUserQuotasOfProject(projectId),
    userId ? Promise.resolve({}) : usagesOf(deps, projectId),
  ]);
  return settableQuotas({
    projectLimits: limits.project,
    userRowsOfProject,
    projectUsage,
    ...(userId ? { user: { rows: limits.userRows, usage: await usagesOf(deps, projectId, userId) } } : {}),
  });
}

/** Removes the limits of a project and its users, or of one user: the defaults apply again. */
export async function deleteQuotas(deps: ComputeApiDeps, projectId: string, userId?: string): Promise<void> {
  if (userId) await deps.api.quotas.destroyAllByProjectAndUser(projectId, userId);
  else await deps.api.quotas.destroyAllByProject(projectId);
}

/** Nova's `get_class_quotas`: the class's rows over the `[quota]` options. */
export async function classQuotaSet(deps: ComputeApiDeps, className: string): Promise<QuotaLimits> {
  const settings = quotaSettingsOf(deps);
  if (settings.noop) return unlimitedQuotas();
  return classQuotas(settings.configDefaults, await deps.api.quotas.getClass(className));
}

/** Creates or overwrites limits of a quota class. */
export async function updateClassQuotas(
  deps: ComputeApiDeps,
  className: string,
  body: Readonly<Record<string, unknown>>,
): Promise<QuotaLimits> {
  checkName('quota_class_name', className);
  const values = Object.entries(body).map(([key, raw]) => [key, limitValue(key, raw)] as const);
  for (const [key, value] of values) await deps.api.quotas.setClassLimit(className, key, value);
  return classQuotaSet(deps, className);
}
