/**
 * The limit checks of Nova's quota engine, as arithmetic: given the limits
 * and the counted usage, which resources a request would put over
 * (`limit_check_project_and_user`), and how many instances of a multi-create
 * fit (`check_num_instances_quota`: as many as fit up to max_count, if at
 * least min_count do). Throws the typed OverQuota errors the API answers 403.
 */
import {
  MetadataLimitExceeded,
  OnsetFileContentLimitExceeded,
  OnsetFileLimitExceeded,
  OnsetFilePathLimitExceeded,
  TooManyInstances,
} from '../errors/quota-errors.js';
import type { QuotaLimits, QuotaResource } from './quota-resources.js';

type Values = Partial<Record<QuotaResource, number>>;

export interface OverQuotaDetail {
  /** Resources over their limit, sorted. */
  readonly overs: QuotaResource[];
  /** The limits that were exceeded (the user's when a user limit was hit). */
  readonly quotas: Values;
}

const over = (limit: number, value: number) => limit >= 0 && limit < value;

/**
 * Nova's `limit_check_project_and_user`: resources counted for both the
 * project and the user are checked against each's limit; the others against
 * the lower of the two limits. Resolves null when everything fits.
 */
export function limitCheckProjectAndUser(args: {
  readonly projectLimits: QuotaLimits;
  readonly userLimits: QuotaLimits;
  readonly projectValues: Values;
  readonly userValues?: Values;
}): OverQuotaDetail | null {
  const project = { ...args.projectValues };
  const user = { ...(args.userValues ?? {}) };
  const keys = [...new Set([...Object.keys(project), ...Object.keys(user)])] as QuotaResource[];
  const merged: Values = {};
  for (const k of keys) {
    if (k in project !== k in user) {
      merged[k] = project[k] || user[k] || 0;
      delete project[k];
      delete user[k];
    }
  }
  const mergedKeys = Object.keys(merged) as QuotaResource[];
  if (mergedKeys.length > 0) {
    const quotas: Values = {};
    for (const k of keys) quotas[k] = Math.min(args.projectLimits[k], args.userLimits[k]);
    const overs = mergedKeys.filter((k) => over(quotas[k]!, merged[k]!)).sort();
    if (overs.length > 0) return { overs, quotas };
  }
  const overs: QuotaResource[] = [];
  let overUser = false;
  for (const k of Object.keys(user) as QuotaResource[]) {
    if (over(args.projectLimits[k], project[k] ?? 0)) overs.push(k);
    else if (over(args.userLimits[k], user[k]!)) {
      overs.push(k);
      overUser = true;
    }
  }
  if (overs.length === 0) return null;
  const source = overUser ? args.userLimits : args.projectLimits;
  const quotas: Values = {};
  for (const k of keys) quotas[k] = source[k];
  return { overs: overs.sort(), quotas };
}

/** Instances, cores and ram in use, as Nova's `_instances_cores_ram_count` counts them. */
export interface InstanceUsage {
  readonly instances: number;
  readonly cores: number;
  readonly ram: number;
}

export interface NumInstancesCheck {
  readonly flavor: { readonly vcpus: number; readonly memory_mb: number };
  readonly minCount: number;
  readonly maxCount: number;
  readonly projectLimits: QuotaLimits;
  readonly userLimits: QuotaLimits;
  readonly projectUsage: InstanceUsage;
  /** The user's usage, when the user has limits of its own for instances, cores or ram. */
  readonly userUsage?: InstanceUsage;
}

const deltasOf = (flavor: NumInstancesCheck['flavor'], count: number) => ({
  instances: count,
  cores: count * flavor.vcpus,
  ram: count * flavor.memory_mb,
});

function add(usage: InstanceUsage, d: InstanceUsage): Values {
  return { instances: usage.instances + d.instances, cores: usage.cores + d.cores, ram: usage.ram + d.ram };
}

/** Nova's `get_headroom`: what is left per resource; unlimited cores/ram follow the instances' headroom. */
function headroomOf(quotas: Values, usage: InstanceUsage, deltas: InstanceUsage): Values {
  const headroom: Values = {};
  for (const k of Object.keys(quotas) as (keyof InstanceUsage)[]) headroom[k] = quotas[k]! - usage[k];
  for (const k of ['cores', 'ram'] as const) {
    if (quotas[k] === -1) {
      headroom[k] = deltas[k]
        ? ((headroom.instances ?? 1) * deltas[k]) / (deltas.instances || 1)
        : (headroom.instances ?? 1);
    }
  }
  return headroom;
}

/**
 * Nova's `check_num_instances_quota`: resolves how many instances to create
 * (max_count, or fewer when only that many fit and that is at least
 * min_count); throws TooManyInstances with Nova's message otherwise.
 */
export function checkNumInstances(c: NumInstancesCheck): number {
  const deltas = deltasOf(c.flavor, c.maxCount);
  const result = limitCheckProjectAndUser({
    projectLimits: c.projectLimits,
    userLimits: c.userLimits,
    projectValues: add(c.projectUsage, deltas),
    ...(c.userUsage ? { userValues: add(c.userUsage, deltas) } : {}),
  });
  if (!result) return c.maxCount;
  const usage = c.userUsage ?? c.projectUsage;
  const headroom = headroomOf(result.quotas, usage, deltas);
  let allowed = headroom.instances ?? 1;
  if (c.flavor.vcpus) allowed = Math.min(allowed, Math.floor(headroom.cores! / c.flavor.vcpus));
  if (c.flavor.memory_mb) allowed = Math.min(allowed, Math.floor(headroom.ram! / c.flavor.memory_mb));
  if (allowed > 0 && c.minCount <= allowed && allowed <= c.maxCount) {
    return checkNumInstances({ ...c, maxCount: allowed });
  }
  const requested: Record<string, string> = {
    instances: c.minCount === c.maxCount ? String(c.minCount) : `${c.minCount}-${c.maxCount}`,
    cores: String(deltas.cores),
    ram: String(deltas.ram),
  };
  const detail = (f: (r: QuotaResource) => string) => result.overs.map(f).join(', ');
  throw new TooManyInstances(
    result.overs,
    detail((r) => requested[r]),
    detail((r) => String(result.quotas[r]! - headroom[r]!)),
    detail((r) => String(result.quotas[r])),
  );
}

/**
 * The cores and ram a resize adds (Nova's `upsize_quota_delta`): only
 * increases count; empty when the new flavor is not bigger in either.
 */
export function upsizeDeltas(
  newFlavor: { readonly vcpus: number; readonly memory_mb: number },
  oldFlavor: { readonly vcpus: number; readonly memory_mb: number },
): { cores?: number; ram?: number } {
  const out: { cores?: number; ram?: number } = {};
  if (newFlavor.vcpus > oldFlavor.vcpus) out.cores = newFlavor.vcpus - oldFlavor.vcpus;
  if (newFlavor.memory_mb > oldFlavor.memory_mb) out.ram = newFlavor.memory_mb - oldFlavor.memory_mb;
  return out;
}

/**
 * Nova's resize quota check (`_check_quota_for_upsize`): the deltas on top
 * of the usage must fit; throws TooManyInstances naming what does not.
 */
export function checkUpsize(args: {
  readonly deltas: { cores?: number; ram?: number };
  readonly projectLimits: QuotaLimits;
  readonly userLimits: QuotaLimits;
  readonly projectUsage: InstanceUsage;
  readonly userUsage?: InstanceUsage;
}): void {
  const d = { cores: args.deltas.cores ?? 0, ram: args.deltas.ram ?? 0 };
  if (!d.cores && !d.ram) return;
  const values = (u: InstanceUsage) => ({ cores: u.cores + d.cores, ram: u.ram + d.ram });
  const result = limitCheckProjectAndUser({
    projectLimits: args.projectLimits,
    userLimits: args.userLimits,
    projectValues: values(args.projectUsage),
    ...(args.userUsage ? { userValues: values(args.userUsage) } : {}),
  });
  if (!result) return;
  const usage = args.userUsage ?? args.projectUsage;
  const headroom = headroomOf(result.quotas, usage, { instances: 0, ...d });
  const join = (f: (r: QuotaResource) => string) => result.overs.map(f).join(', ');
  throw new TooManyInstances(
    result.overs,
    join((r) => String(args.deltas[r as 'cores' | 'ram'])),
    join((r) => String(result.quotas[r]! - headroom[r]!)),
    join((r) => String(result.quotas[r])),
  );
}

/** Nova's `_check_metadata_properties_quota` (the item count). */
export function checkMetadataItems(limits: QuotaLimits, count: number): void {
  if (over(limits.metadata_items, count)) throw new MetadataLimitExceeded(limits.metadata_items);
}

/** Nova's `_check_injected_file_quota`: count, then the longest path, then the largest content. */
export function checkInjectedFiles(
  limits: QuotaLimits,
  files: readonly { readonly path: string; readonly contentBytes: number }[],
): void {
  if (files.length === 0) return;
  if (over(limits.injected_files, files.length)) throw new OnsetFileLimitExceeded();
  const maxPath = Math.max(...files.map((f) => f.path.length));
  const maxContent = Math.max(...files.map((f) => f.contentBytes));
  // NOTE(nova): the path limit is reported before the content limit.
  if (over(limits.injected_file_path_bytes, maxPath)) {
    throw new OnsetFilePathLimitExceeded(limits.injected_file_path_bytes);
  }
  if (over(limits.injected_file_content_bytes, maxContent)) {
    throw new OnsetFileContentLimitExceeded(limits.injected_file_content_bytes);
  }
}
