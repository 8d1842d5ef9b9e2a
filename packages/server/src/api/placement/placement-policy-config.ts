/**
 * The Placement API's policy enforcer from nova.conf's `[oslo_policy]`
 * (see auth/oslo-policy-config.ts); a relative `policy_file` is also looked
 * up in /etc/placement, where Placement keeps its own.
 */
import type { NovaConfig, PolicyEnforcer } from '@novats/core';
import { policyEnforcerFromConfig } from '../auth/oslo-policy-config.js';
import { PLACEMENT_POLICIES } from './placement-policies.js';

export { readPolicyFile } from '../auth/oslo-policy-config.js';

/** `configDirs`: the directories of the `--config-file`s, searched first for a relative `policy_file`. */
export function placementPolicyFromConfig(
  conf: NovaConfig,
  configDirs: readonly string[] = [],
): PolicyEnforcer {
  return policyEnforcerFromConfig(conf, PLACEMENT_POLICIES, ['/etc/nova', '/etc/placement'], configDirs);
}
