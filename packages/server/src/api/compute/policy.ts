/**
 * The one place the Compute API asks whether a caller may do something:
 * core's oslo.policy engine over Nova Zed's defaults
 * (policies/compute-policies.ts) and the operator's `[oslo_policy]
 * policy_file`. With `enforce_new_defaults` off (Zed's default) each new
 * default is OR'ed with its legacy rule, so an ordinary project user acts on
 * its own project. A denial is 403 "Policy doesn't allow X to be performed."
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { NovaConfig, RequestContext } from '@novats/core';
import { PolicyEnforcer } from '@novats/core';
import { authorize } from '../../compute-orchestration/compute-policy.js';
import { computeRuleDefaults } from '../../compute-orchestration/policies/compute-policies.js';
import { readPolicyFile } from '../placement/placement-policy-config.js';

export {
  authorize,
  defaultComputePolicy,
  isAllowed,
  type PolicyTarget,
} from '../../compute-orchestration/compute-policy.js';

function bool(conf: NovaConfig, key: string): boolean {
  const v = conf.getString('oslo_policy', key)?.toLowerCase();
  return v === 'true' || v === '1' || v === 'yes' || v === 'on';
}

/** `[oslo_policy]` of nova.conf: policy_file (YAML or JSON), enforce_scope, enforce_new_defaults. */
export function computePolicyFromConfig(
  conf: NovaConfig,
  configDirs: readonly string[] = [],
): PolicyEnforcer {
  const file = conf.getString('oslo_policy', 'policy_file') ?? 'policy.yaml';
  const candidates = isAbsolute(file)
    ? [file]
    : [...configDirs.map((d) => join(d, file)), join('/etc/nova', file)];
  const found = candidates.find((p) => existsSync(p));
  return new PolicyEnforcer(computeRuleDefaults(), {
    overrides: found ? readPolicyFile(found) : {},
    enforceScope: bool(conf, 'enforce_scope'),
    enforceNewDefaults: bool(conf, 'enforce_new_defaults'),
    defaultRule: conf.getString('oslo_policy', 'policy_default_rule') ?? 'default',
  });
}

/**
 * For modules that still register their own routes (consoles): checks `rule`
 * against Nova's defaults. NOTE(policy): route table entries use `policy`
 * instead, which also honours the operator's policy file.
 */
export function requireAdmin(ctx: RequestContext, rule: string): void {
  authorize(undefined, ctx, rule, { project_id: ctx.project_id, user_id: ctx.user_id });
}
