/**
 * Policy checks of the compute API layer: core's oslo.policy engine with
 * Nova Zed's defaults (policies/compute-policies.ts), or the enforcer the
 * composition root built from `[oslo_policy]` (ComputeApiDeps.policy).
 */
import type { PolicyEnforcer, RequestContext } from '@novats/core';
import { PolicyEnforcer as Enforcer, policyCredentials } from '@novats/core';
import { computeRuleDefaults } from './policies/compute-policies.js';

export type PolicyTarget = Readonly<Record<string, unknown>>;

let defaults: PolicyEnforcer | undefined;

/** Nova's defaults alone (no policy file), for apps built without configuration. */
export function defaultComputePolicy(): PolicyEnforcer {
  defaults ??= new Enforcer(computeRuleDefaults());
  return defaults;
}

/** Throws PolicyNotAuthorized (403, Nova's message) when `rule` denies `ctx` on `target`. */
export function authorize(
  enforcer: PolicyEnforcer | undefined,
  ctx: RequestContext,
  rule: string,
  target: PolicyTarget,
): void {
  (enforcer ?? defaultComputePolicy()).authorize(rule, target, policyCredentials(ctx));
}

/** Whether `rule` allows `ctx` on `target` (for rules that only change what is shown). */
export function isAllowed(
  enforcer: PolicyEnforcer | undefined,
  ctx: RequestContext,
  rule: string,
  target: PolicyTarget,
): boolean {
  return (enforcer ?? defaultComputePolicy()).check(rule, target, policyCredentials(ctx));
}
