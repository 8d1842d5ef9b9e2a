/**
 * ServerGroupAntiAffinityFilter: for an `anti-affinity` server group, a host
 * passes while it runs fewer than `max_server_per_host` (rule, default 1)
 * members of the group (Nova's `_GroupAntiAffinityFilter`). The instance's own
 * host passes, so that a resize may check its source node.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_GROUP_ANTI_AFFINITY = 'host already runs a member of the anti-affinity group';
const CROWDED = rejectHost(REASON_GROUP_ANTI_AFFINITY);

export const serverGroupAntiAffinityFilter: HostFilter = {
  name: FilterName.SERVER_GROUP_ANTI_AFFINITY,
  runOnRebuild: false,
  oncePerRequest: false,
  skipFor: (spec) => spec.instance_group?.policy !== 'anti-affinity',
  hostPasses(host, spec) {
    const group = spec.instance_group;
    if (!group || group.policy !== 'anti-affinity') return PASS;
    if (host.instances.length === 0) return PASS;
    if (host.instances.includes(spec.instance_uuid)) return PASS;
    const maxPerHost = group.rules?.max_server_per_host ?? 1;
    const members = new Set(group.members);
    let onHost = 0;
    for (const uuid of host.instances) if (members.has(uuid)) onHost++;
    return onHost < maxPerHost ? PASS : CROWDED;
  },
};
