/**
 * A server group as the API shows it (Nova's `_format_server_group`):
 * `policies` and an empty `metadata` before 2.64, `policy` and `rules` from
 * 2.64; `members` are the instances not deleted; `project_id` and `user_id`
 * from 2.13.
 */
import type { InstanceGroup } from '@novats/core';
import type { ApiVersion } from '../api-version.js';

export function serverGroupView(
  group: InstanceGroup,
  members: readonly string[],
  v: ApiVersion,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: group.uuid, name: group.name };
  if (v.atLeast(2, 64)) {
    out.policy = group.policy;
    out.rules = { ...group.rules };
  } else {
    out.policies = [group.policy];
    out.metadata = {};
  }
  out.members = [...members];
  if (v.atLeast(2, 13)) {
    out.project_id = group.project_id;
    out.user_id = group.user_id;
  }
  return out;
}
