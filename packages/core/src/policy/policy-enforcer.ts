/**
 * oslo.policy's Enforcer over registered defaults plus a policy file's
 * overrides. Rules are resolved once at construction, the way oslo's
 * `load_rules` does it:
 * - an override in the file replaces the default's check string;
 * - with `enforce_new_defaults` off (Zed's default), a default whose
 *   deprecated rule has a different check string accepts either
 *   (`new or deprecated`), unless the file overrides it;
 * - a file that overrides only the deprecated name keeps that override for
 *   the new name;
 * - with `enforce_scope` on, a rule with scope types denies tokens of any
 *   other scope (system when `system_scope` is set, domain when `domain_id`
 *   is, project otherwise) before its check string is evaluated.
 * Unknown rule names referenced by `rule:` fall back to `default_rule` when
 * that rule exists, else fail closed.
 */
import type { RequestContext } from '../context/request-context.js';
import {
  evaluateCheck,
  type PolicyCheck,
  type PolicyCredentials,
  type PolicyTarget,
} from './policy-check.js';
import { PolicyNotAuthorized, PolicyNotRegistered, PolicyParseError } from './policy-errors.js';
import type { RuleDefault, ScopeType } from './rule-default.js';
import { type PolicyRuleSource, parsePolicyRule, parseRule } from './rule-parser.js';

export interface PolicyEnforcerOptions {
  /** The parsed policy file (`[oslo_policy] policy_file`, YAML or JSON): rule name → check string. */
  readonly overrides?: Readonly<Record<string, PolicyRuleSource>>;
  /** `[oslo_policy] enforce_scope` (default false in Zed). */
  readonly enforceScope?: boolean;
  /** `[oslo_policy] enforce_new_defaults` (default false in Zed). */
  readonly enforceNewDefaults?: boolean;
  /** `[oslo_policy] policy_default_rule` (default `default`). */
  readonly defaultRule?: string;
}

/** oslo.context's `to_policy_values()` for a request context (plus Nova's `is_admin`). */
export function policyCredentials(ctx: RequestContext): PolicyCredentials {
  const creds: Record<string, unknown> = {
    user_id: ctx.user_id,
    user_domain_id: ctx.user_domain_id ?? null,
    system_scope: ctx.system_scope ?? null,
    domain_id: ctx.domain_id ?? null,
    project_id: ctx.project_id,
    project_domain_id: ctx.project_domain_id ?? null,
    roles: ctx.roles,
    is_admin: ctx.is_admin,
  };
  // NOTE(oslo): the enforcer copies system_scope to `system` for rules written against it.
  if (ctx.system_scope) creds.system = ctx.system_scope;
  return creds;
}

function tokenScope(creds: PolicyCredentials): ScopeType {
  if (creds.system_scope || creds.system) return 'system';
  if (creds.domain_id) return 'domain';
  return 'project';
}

export class PolicyEnforcer {
  readonly #rules = new Map<string, PolicyCheck>();
  readonly #registered = new Map<string, RuleDefault>();
  readonly #enforceScope: boolean;
  readonly #defaultRule: string;

  constructor(defaults: readonly RuleDefault[], options: PolicyEnforcerOptions = {}) {
    this.#enforceScope = options.enforceScope ?? false;
    this.#defaultRule = options.defaultRule ?? 'default';
    const file = new Map<string, PolicyCheck>();
    for (const [name, source] of Object.entries(options.overrides ?? {})) {
      file.set(name, parsePolicyRule(source));
    }
    for (const d of defaults) {
      if (this.#registered.has(d.name)) throw new PolicyParseError(d.name, 'registered twice');
      this.#registered.set(d.name, d);
    }
    for (const d of defaults)
      this.#rules.set(d.name, this.#resolve(d, file, options.enforceNewDefaults ?? false));
    // Rules only the file defines (aliases such as `admin_or_owner`) are usable by `rule:`.
    for (const [name, check] of file) if (!this.#registered.has(name)) this.#rules.set(name, check);
    this.#rejectCycles();
  }

  #resolve(d: RuleDefault, file: ReadonlyMap<string, PolicyCheck>, enforceNewDefaults: boolean): PolicyCheck {
    const own = file.get(d.name);
    if (own) return own;
    const check = parseRule(d.checkStr);
    const old = d.deprecatedRule;
    if (!old || enforceNewDefaults) return check;
    const oldOverride = old.name !== d.name ? file.get(old.name) : undefined;
    if (oldOverride) {
      // oslo keeps the operator's override of the old name unless it just points at the new one.
      const pointsAtNew = oldOverride.kind === 'rule' && oldOverride.name === d.name;
      const sameAsOld = JSON.stringify(oldOverride) === JSON.stringify(parseRule(old.checkStr));
      if (!pointsAtNew && !sameAsOld) return oldOverride;
    }
    if (old.checkStr === d.checkStr) return check;
    return { kind: 'or', checks: [check, parseRule(old.checkStr)] };
  }

  #rejectCycles(): void {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, check: PolicyCheck): void => {
      if (check.kind === 'rule') {
        const next = this.#lookup(check.name);
        const target = this.#rules.has(check.name) ? check.name : this.#defaultRule;
        if (!next || done.has(target)) return;
        if (visiting.has(target))
          throw new PolicyParseError(name, `rule:${check.name} refers back to itself`);
        visiting.add(target);
        visit(target, next);
        visiting.delete(target);
        done.add(target);
      } else if (check.kind === 'and' || check.kind === 'or') {
        for (const c of check.checks) visit(name, c);
      } else if (check.kind === 'not') {
        visit(name, check.check);
      }
    };
    for (const [name, check] of this.#rules) {
      visiting.add(name);
      visit(name, check);
      visiting.delete(name);
      done.add(name);
    }
  }

  #lookup = (name: string): PolicyCheck | undefined =>
    this.#rules.get(name) ?? (name === this.#defaultRule ? undefined : this.#rules.get(this.#defaultRule));

  /** The rule names known (registered defaults and file-only rules). */
  get ruleNames(): string[] {
    return [...this.#rules.keys()];
  }

  /** The registered default of `name`, for documentation and sample policy files. */
  registered(name: string): RuleDefault | undefined {
    return this.#registered.get(name);
  }

  /**
   * Whether `creds` may perform `action` on `target` (oslo's `enforce` with
   * do_raise off). An unknown action fails closed.
   */
  check(action: string, target: PolicyTarget, creds: PolicyCredentials): boolean {
    const rule = this.#lookup(action);
    if (!rule) return false;
    const scopes = this.#registered.get(action)?.scopeTypes;
    if (this.#enforceScope && scopes?.length && !scopes.includes(tokenScope(creds))) return false;
    return evaluateCheck(rule, target, creds, this.#lookup);
  }

  /**
   * oslo's `authorize`: throws PolicyNotRegistered for an action no default
   * declares, PolicyNotAuthorized (403) when the rule or scope denies.
   */
  authorize(action: string, target: PolicyTarget, creds: PolicyCredentials): void {
    if (!this.#registered.has(action)) throw new PolicyNotRegistered(action);
    if (!this.check(action, target, creds)) throw new PolicyNotAuthorized(action);
  }
}
