/**
 * ServerGroupSoftAffinityWeigher and ServerGroupSoftAntiAffinityWeigher
 * (Nova's `weights/affinity.py`): for a `soft-affinity` group, hosts weigh
 * the number of group members they run (more wins); for
 * `soft-anti-affinity`, minus that number (fewer wins). Other requests weigh 0.
 */
import type { RequestSpec } from '../../objects/request-spec.js';
import { weightMultiplier } from '../aggregate-metadata.js';
import type { HostState } from '../host-state.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

/** Members of the request's group (with `policy`) running on `host`. */
export function groupMembersOnHost(
  host: Readonly<HostState>,
  spec: Readonly<RequestSpec>,
  policy: string,
): number {
  const group = spec.instance_group;
  if (!group || group.policy !== policy || host.instances.length === 0) return 0;
  let count = 0;
  for (const uuid of host.instances) if (group.members.includes(uuid)) count++;
  return count;
}

/** Whether no host can run a member of the request's `policy` group: the weigher is constant 0. */
function noMembers(spec: Readonly<RequestSpec>, policy: string): boolean {
  const group = spec.instance_group;
  return !group || group.policy !== policy || group.members.length === 0;
}

export function createSoftAffinityWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.soft_affinity_weight_multiplier;
  return {
    name: WeigherName.SOFT_AFFINITY,
    baseMultiplier: multiplier,
    skipFor: (spec) => noMembers(spec, 'soft-affinity'),
    weigh: (host, spec) => groupMembersOnHost(host, spec, 'soft-affinity'),
    multiplier: (host) => weightMultiplier(host, 'soft_affinity_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}

export function createSoftAntiAffinityWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.soft_anti_affinity_weight_multiplier;
  return {
    name: WeigherName.SOFT_ANTI_AFFINITY,
    baseMultiplier: multiplier,
    skipFor: (spec) => noMembers(spec, 'soft-anti-affinity'),
    weigh: (host, spec) => -groupMembersOnHost(host, spec, 'soft-anti-affinity'),
    multiplier: (host) => weightMultiplier(host, 'soft_anti_affinity_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
