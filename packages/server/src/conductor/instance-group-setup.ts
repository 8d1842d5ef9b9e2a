/**
 * Fills a request spec's server group from the API database before the
 * scheduler runs (Nova's `scheduler_utils.setup_instance_group`): the
 * group's policy and rules, its members that are not being deleted (the
 * instances being scheduled are members already) and the hosts its members that are not deleted run on,
 * so that the affinity filters and weighers act on fresh data.
 */
import type { ApiDatabase, RequestInstanceGroup, RequestSpec } from '@novats/core';
import { isNovaError } from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';

export async function setupInstanceGroup(
  api: ApiDatabase,
  cells: CellRegistry,
  spec: RequestSpec,
): Promise<RequestSpec> {
  const uuid = spec.instance_group?.uuid;
  if (!uuid) return spec;
  return { ...spec, instance_group: await freshInstanceGroup(api, cells, uuid) };
}

/**
 * The group as it is now: its members not being deleted and the hosts they
 * run on, without the hosts of `exclude` (Nova's `get_hosts(exclude=...)`);
 * null when the group is gone. The compute host's late policy check reads it too.
 */
export async function freshInstanceGroup(
  api: ApiDatabase,
  cells: CellRegistry,
  uuid: string,
  exclude: readonly string[] = [],
): Promise<RequestInstanceGroup | null> {
  let group: Awaited<ReturnType<ApiDatabase['instanceGroups']['get']>>;
  try {
    group = await api.instanceGroups.get(uuid);
  } catch (err) {
    // NOTE(nova): a group deleted meanwhile no longer constrains the placement.
    if (isNovaError(err) && err.code === 'compute.instance_group.not_found') return null;
    throw err;
  }
  // NOTE(delete): a member being deleted no longer counts, though its row may linger a moment.
  const members: string[] = [];
  for (const member of group.members) {
    const mapping = await api.instanceMappings.get(member);
    if (mapping && !mapping.queued_for_delete) members.push(member);
  }
  const hosts = new Set<string>();
  const counted = members.filter((m) => !exclude.includes(m));
  if (counted.length > 0) {
    for (const { db } of await cells.all({ includeCell0: false })) {
      for (const i of await db.instances.list({ uuids: counted })) if (i.host) hosts.add(i.host);
    }
  }
  return { uuid, policy: group.policy, rules: group.rules, members, hosts: [...hosts].sort() };
}
