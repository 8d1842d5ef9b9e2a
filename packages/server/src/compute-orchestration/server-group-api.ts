/**
 * Server groups behind os-server-groups (Nova's server_groups controller
 * and InstanceGroup): create within the `server_groups` quota, show and
 * delete under the group's project's policy, list one project's or (admins,
 * all_projects) every project's groups. A server joins a group through the
 * `group` scheduler hint (see joinServerGroup).
 */
import { randomUUID } from 'node:crypto';
import type { InstanceGroup, RequestContext, ServerGroupPolicy } from '@novats/core';
import { GroupMemberLimitExceeded, InvalidInput, isNovaError, ServerGroupLimitExceeded } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { authorize, isAllowed } from './compute-policy.js';
import {
  groupMembersFit,
  liveMembers,
  projectLockKey,
  serverGroupFits,
  withQuotaLock,
} from './quota-engine.js';

export interface NewServerGroup {
  readonly name: string;
  readonly policy: ServerGroupPolicy;
  readonly rules: Readonly<Record<string, number>>;
}

/** A group with the members a client sees (not deleted). */
export interface ShownGroup {
  readonly group: InstanceGroup;
  readonly members: string[];
}

export async function createServerGroup(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  req: NewServerGroup,
): Promise<ShownGroup> {
  if (req.policy !== 'anti-affinity' && Object.keys(req.rules).length > 0) {
    throw new InvalidInput('Only anti-affinity policy supports rules.');
  }
  const group = await withQuotaLock(deps, projectLockKey(ctx.project_id as string), async () => {
    if (!(await serverGroupFits(deps, ctx))) throw new ServerGroupLimitExceeded();
    return deps.api.instanceGroups.create({
      uuid: randomUUID(),
      name: req.name,
      project_id: ctx.project_id as string,
      user_id: ctx.user_id as string,
      policy: req.policy,
      rules: req.rules,
    });
  });
  return { group, members: [] };
}

/** Loads a group and checks `rule` against its project (403 for another project's group). */
async function loadAuthorized(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  rule: string,
): Promise<InstanceGroup> {
  const group = await deps.api.instanceGroups.get(uuid);
  authorize(deps.policy, ctx, rule, { project_id: group.project_id });
  return group;
}

export async function showServerGroup(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<ShownGroup> {
  const group = await loadAuthorized(deps, ctx, uuid, 'os_compute_api:os-server-groups:show');
  return { group, members: await liveMembers(deps, group) };
}

export async function deleteServerGroup(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<void> {
  await loadAuthorized(deps, ctx, uuid, 'os_compute_api:os-server-groups:delete');
  await deps.api.instanceGroups.delete(uuid);
}

/** The caller's project's groups, or every project's with `allProjects` when policy allows it. */
export async function listServerGroups(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  allProjects: boolean,
): Promise<ShownGroup[]> {
  const everyone =
    allProjects &&
    isAllowed(deps.policy, ctx, 'os_compute_api:os-server-groups:index:all_projects', {
      project_id: ctx.project_id,
    });
  const groups = await deps.api.instanceGroups.list({
    project_id: everyone ? null : (ctx.project_id as string),
  });
  return Promise.all(groups.map(async (group) => ({ group, members: await liveMembers(deps, group) })));
}

/** The group named by a create's `group` hint; an unknown group is a 400, as in Nova. */
export async function requestedServerGroup(
  deps: ComputeApiDeps,
  hints: Readonly<Record<string, readonly string[]>>,
): Promise<InstanceGroup | null> {
  const uuid = hints.group?.[hints.group.length - 1];
  if (!uuid) return null;
  try {
    return await deps.api.instanceGroups.get(uuid);
  } catch (err) {
    if (isNovaError(err) && err.code === 'compute.instance_group.not_found')
      throw new InvalidInput(err.message);
    throw err;
  }
}

/**
 * Adds new instances to their group within the `server_group_members` quota
 * (Nova's `_provision_instances`); runs inside the create's quota step.
 */
export async function joinServerGroup(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  group: InstanceGroup,
  instanceUuids: readonly string[],
): Promise<void> {
  if (!(await groupMembersFit(deps, ctx, group, instanceUuids.length))) throw new GroupMemberLimitExceeded();
  await deps.api.instanceGroups.addMembers(group.uuid, instanceUuids);
}

/** The uuids of the groups `instanceUuid` belongs to (a server is in at most one), for the server view's `server_groups`. */
export async function serverGroupsOf(deps: ComputeApiDeps, instanceUuid: string): Promise<string[]> {
  // NOTE(perf): the uuid alone, without loading the group's policy and members.
  const uuid = await deps.api.instanceGroups.groupUuidOf(instanceUuid);
  return uuid ? [uuid] : [];
}
