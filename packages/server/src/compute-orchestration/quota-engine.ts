/**
 * Nova's quota engine with the DbQuotaDriver, counting usage from the
 * databases (Nova's "counting quotas"): limits come from the API database's
 * quota rows and `[quota]`; instances, cores and ram are counted from the
 * project's build requests and its instances in every cell (cell0 too),
 * server groups and key pairs from the API database. With
 * `[quota] recheck_quota` (the default) a check and the records it admits
 * run as one step per project (QuotaRepository.serialize), so concurrent
 * requests can never take a project past its limit.
 */
import type { InstanceGroup, QuotaLimits, QuotaSettings, QuotaUsage, RequestContext } from '@novats/core';
import {
  checkInjectedFiles,
  checkMetadataItems,
  checkNumInstances,
  checkUpsize,
  DEFAULT_QUOTA_CLASS,
  DEFAULT_QUOTA_SETTINGS,
  defaultQuotas,
  type InstanceUsage,
  InvalidInput,
  isUnlimited,
  projectQuotas,
  unlimitedQuotas,
  upsizeDeltas,
  userQuotas,
} from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';

type Flavor = { readonly vcpus: number; readonly memory_mb: number };

export function quotaSettingsOf(deps: ComputeApiDeps): QuotaSettings {
  return deps.quota ?? DEFAULT_QUOTA_SETTINGS;
}

/** Nova's `get_defaults`: the `default` quota class over `[quota]`. */
export async function defaultLimits(deps: ComputeApiDeps): Promise<QuotaLimits> {
  const settings = quotaSettingsOf(deps);
  if (settings.noop) return unlimitedQuotas();
  return defaultQuotas(settings.configDefaults, await deps.api.quotas.getClass(DEFAULT_QUOTA_CLASS));
}

/** The limits of a project, and of one of its users when `userId` is given. */
export async function limitsOf(
  deps: ComputeApiDeps,
  projectId: string,
  userId?: string,
): Promise<{ project: QuotaLimits; user: QuotaLimits; userRows: Record<string, number> }> {
  if (quotaSettingsOf(deps).noop) {
    return { project: unlimitedQuotas(), user: unlimitedQuotas(), userRows: {} };
  }
  const rows = await deps.api.quotas.getClassProjectAndUser(DEFAULT_QUOTA_CLASS, projectId, userId);
  const defaults = defaultQuotas(quotaSettingsOf(deps).configDefaults, rows.quotaClass);
  const projectRows = rows.project;
  const userRows = rows.user;
  return {
    project: projectQuotas(defaults, projectRows),
    user: userQuotas(defaults, projectRows, userRows),
    userRows,
  };
}

/** A per-user resource's limit: the lower of the project's and the user's (Nova's merged check). */
function mergedLimit(
  limits: { project: QuotaLimits; user: QuotaLimits },
  r: 'key_pairs' | 'server_group_members',
) {
  return Math.min(limits.project[r], limits.user[r]);
}

const ZERO: InstanceUsage = { instances: 0, cores: 0, ram: 0 };

type CountedResource = keyof InstanceUsage;
type Limits = Awaited<ReturnType<typeof limitsOf>>;

/** NOTE(nova): a user's usage is only counted when the user has limits of its own for these. */
function countsPerUser(limits: Limits, resources: readonly CountedResource[]): boolean {
  return resources.some((r) => r in limits.userRows);
}

/**
 * NOTE(perf): whether no usage can fail Nova's check of `resources`: each is
 * unlimited (-1) for the project and, when the user's usage counts, for the
 * user. The create and resize checks then skip counting the project's
 * instances (a read of every row, and for a create the project's lease).
 */
function noUsageCanFail(limits: Limits, resources: readonly CountedResource[], perUser: boolean): boolean {
  return resources.every((r) => isUnlimited(limits.project[r]) && (!perUser || isUnlimited(limits.user[r])));
}

/**
 * Nova's `_instances_cores_ram_count`: the project's (and the user's)
 * instances that are not deleted, in build requests and in every cell.
 * NOTE(order): build requests are read before the cells, and each cell
 * counts in SQL only the uuids that no build request holds: the conductor
 * writes the cell row before it deletes the build request, so an instance
 * is counted once whatever moment we read at.
 */
export async function countInstances(
  deps: ComputeApiDeps,
  projectId: string,
  userId?: string,
): Promise<{ project: InstanceUsage; user: InstanceUsage }> {
  const project = { ...ZERO };
  const user = { ...ZERO };
  const add = (owner: string, n: InstanceUsage) => {
    for (const u of owner === userId ? [project, user] : [project]) {
      u.instances += n.instances;
      u.cores += n.cores;
      u.ram += n.ram;
    }
  };
  const building = new Set<string>();
  for (const br of await deps.api.buildRequests.list({ project_id: projectId })) {
    if (building.has(br.instance_uuid)) continue;
    building.add(br.instance_uuid);
    const { flavor } = br.instance;
    add(br.instance.user_id, { instances: 1, cores: flavor.vcpus, ram: flavor.memory_mb });
  }
  const cells = await deps.cells.all({ includeCell0: true });
  const counts = await Promise.all(cells.map(({ db }) => db.instances.countByUser(projectId, [...building])));
  for (const byUser of counts) for (const c of byUser) add(c.user_id, c);
  return { project, user };
}

/** Nova's `_server_group_count`. */
export async function countServerGroups(
  deps: ComputeApiDeps,
  projectId: string,
  userId?: string,
): Promise<{ project: number; user: number }> {
  const groups = await deps.api.instanceGroups.list({ project_id: projectId });
  return { project: groups.length, user: groups.filter((g) => g.user_id === userId).length };
}

/** The members of a group whose instance is not deleted (queued for delete counts as deleted). */
export async function liveMembers(deps: ComputeApiDeps, group: InstanceGroup): Promise<string[]> {
  const out: string[] = [];
  for (const uuid of group.members) {
    const mapping = await deps.api.instanceMappings.get(uuid);
    if (mapping && !mapping.queued_for_delete) out.push(uuid);
  }
  return out;
}

/** Nova's `_server_group_count_members_by_user`: the user's live instances in the group. */
async function countGroupMembers(
  deps: ComputeApiDeps,
  group: InstanceGroup,
  userId: string,
): Promise<number> {
  let n = 0;
  for (const uuid of group.members) {
    const mapping = await deps.api.instanceMappings.get(uuid);
    if (mapping && !mapping.queued_for_delete && mapping.user_id === userId) n++;
  }
  return n;
}

/**
 * Nova's `_get_usages` (os-quota-sets detail, settable ranges, limits):
 * counted resources of a project or user; key_pairs and
 * server_group_members are always 0 there.
 */
export async function usagesOf(
  deps: ComputeApiDeps,
  projectId: string,
  userId?: string,
): Promise<QuotaUsage> {
  const [instances, groups] = await Promise.all([
    countInstances(deps, projectId, userId),
    countServerGroups(deps, projectId, userId),
  ]);
  const i = userId ? instances.user : instances.project;
  return {
    instances: i.instances,
    cores: i.cores,
    ram: i.ram,
    server_groups: userId ? groups.user : groups.project,
    key_pairs: 0,
    server_group_members: 0,
  };
}

/**
 * Runs a check and the writes it admits as one step for `key` when
 * `recheck_quota` is on; without it, as they come (Nova's documented race:
 * concurrent requests may together exceed a limit).
 */
export function withQuotaLock<T>(deps: ComputeApiDeps, key: string, fn: () => Promise<T>): Promise<T> {
  const settings = quotaSettingsOf(deps);
  if (settings.noop || !settings.recheckQuota) return fn();
  return deps.api.quotas.serialize(key, fn);
}

export const projectLockKey = (projectId: string) => `project:${projectId}`;

/**
 * Admits a create of min_count..max_count instances of `flavor`: counts,
 * decides how many fit (Nova's `check_num_instances_quota`), and runs
 * `create(count)`, which writes the records, before anyone else of the
 * project may count. Throws TooManyInstances when not even min_count fit.
 */
export async function admitInstances<T>(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  flavor: Flavor,
  minCount: number,
  maxCount: number,
  create: (count: number) => Promise<T>,
): Promise<T> {
  const projectId = ctx.project_id as string;
  const userId = ctx.user_id as string;
  if (quotaSettingsOf(deps).noop) return create(maxCount);
  // NOTE(lock): only the count and the records it admits need to be one step per project;
  // limits are read before taking the lease, as Nova reads them before its recheck, so that
  // the project's concurrent creates wait for as few statements as possible.
  const limits = await limitsOf(deps, projectId, userId);
  const counted = ['instances', 'cores', 'ram'] as const;
  const perUser = countsPerUser(limits, counted);
  // Nova's check would admit max_count.
  if (noUsageCanFail(limits, counted, perUser)) return create(maxCount);
  return withQuotaLock(deps, projectLockKey(projectId), async () => {
    const usage = await countInstances(deps, projectId, perUser ? userId : undefined);
    const count = checkNumInstances({
      flavor,
      minCount,
      maxCount,
      projectLimits: limits.project,
      userLimits: limits.user,
      projectUsage: usage.project,
      ...(perUser ? { userUsage: usage.user } : {}),
    });
    return create(count);
  });
}

/** Nova's resize quota check: the growth of cores and ram must fit the instance's project. */
export async function checkResizeQuota(
  deps: ComputeApiDeps,
  instance: { readonly project_id: string; readonly user_id: string; readonly flavor: Flavor },
  newFlavor: Flavor,
): Promise<void> {
  const deltas = upsizeDeltas(newFlavor, instance.flavor);
  if (quotaSettingsOf(deps).noop || (!deltas.cores && !deltas.ram)) return;
  const limits = await limitsOf(deps, instance.project_id, instance.user_id);
  const perUser = countsPerUser(limits, ['cores', 'ram']);
  const grows = (['cores', 'ram'] as const).filter((r) => deltas[r]);
  if (noUsageCanFail(limits, grows, perUser)) return;
  const usage = await countInstances(deps, instance.project_id, perUser ? instance.user_id : undefined);
  checkUpsize({
    deltas,
    projectLimits: limits.project,
    userLimits: limits.user,
    projectUsage: usage.project,
    ...(perUser ? { userUsage: usage.user } : {}),
  });
}

/** Nova's `_check_metadata_properties_quota`: the caller's metadata_items limit. */
export async function checkMetadataQuota(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  count: number,
): Promise<void> {
  if (quotaSettingsOf(deps).noop || count === 0) return;
  const limits = await limitsOf(deps, ctx.project_id as string, ctx.user_id as string);
  checkMetadataItems(limits.user, count);
}

/**
 * Nova's `_check_injected_file_quota` for personality files: their number,
 * the longest path and the largest decoded content.
 */
export async function checkInjectedFilesQuota(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  files: readonly { readonly path?: string; readonly contents?: string }[],
): Promise<void> {
  if (quotaSettingsOf(deps).noop || files.length === 0) return;
  const decoded = files.map((f) => {
    const path = String(f.path ?? '');
    const contents = String(f.contents ?? '');
    if (
      !/^[A-Za-z0-9+/]*={0,2}$/.test(contents.replace(/\s/g, '')) ||
      contents.replace(/\s/g, '').length % 4 !== 0
    ) {
      throw new InvalidInput(`Personality content for ${path} cannot be decoded`);
    }
    return { path, contentBytes: Buffer.from(contents, 'base64').length };
  });
  const limits = await limitsOf(deps, ctx.project_id as string, ctx.user_id as string);
  checkInjectedFiles(limits.user, decoded);
}

/** The user's key pairs against its key_pairs limit (they count per user, in the caller's project). */
export async function keyPairsFit(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  userId: string,
): Promise<boolean> {
  if (quotaSettingsOf(deps).noop) return true;
  const limits = await limitsOf(deps, ctx.project_id as string, userId);
  const limit = mergedLimit(limits, 'key_pairs');
  return limit < 0 || (await deps.api.keyPairs.list(userId)).length + 1 <= limit;
}

/** The project's server groups against its server_groups limit. */
export async function serverGroupFits(deps: ComputeApiDeps, ctx: RequestContext): Promise<boolean> {
  if (quotaSettingsOf(deps).noop) return true;
  const projectId = ctx.project_id as string;
  const limits = await limitsOf(deps, projectId, ctx.user_id as string);
  const counts = await countServerGroups(deps, projectId, ctx.user_id as string);
  const perUser = 'server_groups' in limits.userRows;
  const fits = (limit: number, n: number) => limit < 0 || n + 1 <= limit;
  return (
    fits(limits.project.server_groups, counts.project) &&
    (!perUser || fits(limits.user.server_groups, counts.user))
  );
}

/** Whether `adding` more members of the user fit the group's server_group_members limit. */
export async function groupMembersFit(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  group: InstanceGroup,
  adding: number,
): Promise<boolean> {
  if (quotaSettingsOf(deps).noop) return true;
  const limits = await limitsOf(deps, ctx.project_id as string, ctx.user_id as string);
  const limit = mergedLimit(limits, 'server_group_members');
  return limit < 0 || (await countGroupMembers(deps, group, ctx.user_id as string)) + adding <= limit;
}
