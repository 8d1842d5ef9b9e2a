/**
 * ServerGroupAffinityFilter: for an `affinity` server group, a host passes
 * when the group has no host yet or the host is one of the group's hosts
 * (Nova's `affinity_filter.py` `_GroupAffinityFilter`). Other policies pass.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_GROUP_AFFINITY = 'not a host of the affinity group';
const OUTSIDE = rejectHost(REASON_GROUP_AFFINITY);

export const serverGroupAffinityFilter: HostFilter = {
  name: FilterName.SERVER_GROUP_AFFINITY,
  runOnRebuild: false,
  oncePerRequest: false,
  skipFor(spec) {
    const group = spec.instance_group;
    return !group || group.policy !== 'affinity' || group.hosts.length === 0;
  },
  hostPasses(host, spec) {
    const group = spec.instance_group;
    if (!group || group.policy !== 'affinity') return PASS;
    if (group.hosts.length === 0 || group.hosts.includes(host.host)) return PASS;
    return OUTSIDE;
  },
};
