/**
 * A service's registered policy rules (oslo.policy's RuleDefault and
 * DocumentedRuleDefault): the default check string, the token scopes the
 * rule is meant for and the deprecated rule it replaced. Services keep these
 * as data tables (e.g. the Placement API's `placement-policies.ts`).
 */
export type ScopeType = 'system' | 'domain' | 'project';

/** The rule a default replaced (oslo.policy's DeprecatedRule). */
export interface DeprecatedRule {
  /** Old name; may equal the new one when only the check string changed. */
  readonly name: string;
  readonly checkStr: string;
  readonly deprecatedReason?: string;
  readonly deprecatedSince?: string;
}

export interface RuleDefault {
  /** e.g. `placement:resource_providers:list`, or a base rule such as `admin_api`. */
  readonly name: string;
  readonly checkStr: string;
  readonly description?: string;
  /** Scopes the rule allows when `[oslo_policy] enforce_scope` is on; empty or absent: any. */
  readonly scopeTypes?: readonly ScopeType[];
  /** The HTTP operations it guards, for documentation (DocumentedRuleDefault). */
  readonly operations?: readonly { readonly method: string; readonly path: string }[];
  readonly deprecatedRule?: DeprecatedRule;
}
