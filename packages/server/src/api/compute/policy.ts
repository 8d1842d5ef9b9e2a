/**
 * The one place the Compute API asks whether a caller may do something:
 * `authorize(ctx, rule, target)` with Nova's rule names and defaults
 * (policies/compute-policies.ts). 403 "Policy doesn't allow X to be performed."
 * NOTE(policy): until the shared oslo.policy engine of packages/core/src/policy
 * is on main, the defaults are evaluated here with Zed's legacy meaning
 * (`enforce_new_defaults` off): admin rules need the admin role; member and
 * reader rules accept an admin or any role in the target project.
 */
import type { RequestContext } from '@novats/core';
import { Forbidden } from '@novats/core';
import { COMPUTE_POLICY_PERSONAS } from './policies/compute-policies.js';

export type PolicyTarget = Readonly<Record<string, unknown>>;

/** Nova's PolicyNotAuthorized as the Compute API words it. */
export class ComputePolicyNotAuthorized extends Forbidden {
  override readonly code = 'policy.not_authorized';
  constructor(readonly rule: string) {
    super(`Policy doesn't allow ${rule} to be performed.`);
  }
}

/** Whether `ctx` may act under `rule` on `target`; unknown rules fail closed. */
export function isAllowed(ctx: RequestContext, rule: string, target: PolicyTarget): boolean {
  const persona = COMPUTE_POLICY_PERSONAS.get(rule);
  if (persona === undefined) return false;
  const isAdmin = ctx.is_admin || ctx.roles.some((r) => r.toLowerCase() === 'admin');
  switch (persona) {
    case 'any':
      return true;
    case 'nobody':
      return false;
    case 'admin':
      return isAdmin;
    case 'user':
      return isAdmin || target.user_id === undefined || target.user_id === ctx.user_id;
    default:
      return isAdmin || target.project_id === undefined || target.project_id === ctx.project_id;
  }
}

/** Throws ComputePolicyNotAuthorized (403) when `rule` denies. */
export function authorize(ctx: RequestContext, rule: string, target: PolicyTarget): void {
  if (!isAllowed(ctx, rule, target)) throw new ComputePolicyNotAuthorized(rule);
}

/** Kept for the handlers that check a second rule after loading (unlock_override, all_tenants). */
export function requireAdmin(ctx: RequestContext, rule: string): void {
  authorize(ctx, rule, {});
}
