/**
 * The one place the Compute API asks whether a caller may do something:
 * core's oslo.policy engine over Nova Zed's defaults
 * (policies/compute-policies.ts) and the operator's `[oslo_policy]
 * policy_file`. With `enforce_new_defaults` off (Zed's default) each new
 * default is OR'ed with its legacy rule, so an ordinary project user acts on
 * its own project. A denial is 403 "Policy doesn't allow X to be performed."
 */
import type { NovaConfig, PolicyEnforcer } from '@novats/core';
import { computeRuleDefaults } from '../../compute-orchestration/policies/compute-policies.js';
import { policyEnforcerFromConfig } from '../auth/oslo-policy-config.js';

export {
  authorize,
  defaultComputePolicy,
  isAllowed,
  type PolicyTarget,
} from '../../compute-orchestration/compute-policy.js';

/** `[oslo_policy]` of nova.conf: policy_file (YAML or JSON), enforce_scope, enforce_new_defaults. */
export function computePolicyFromConfig(
  conf: NovaConfig,
  configDirs: readonly string[] = [],
): PolicyEnforcer {
  return policyEnforcerFromConfig(conf, computeRuleDefaults(), ['/etc/nova'], configDirs);
}
