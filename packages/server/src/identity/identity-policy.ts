/**
 * The identity service's policy: Keystone's default rules (Zed, keystone
 * 22) for the APIs served here, as data, evaluated by core's oslo.policy
 * engine with the shared `[oslo_policy]` reader, as the Compute and
 * Placement APIs are. With Zed's `enforce_new_defaults = False` each rule
 * also accepts its deprecated check string (admin for most writes and
 * lists), and with `enforce_scope = False` token scopes are not checked.
 * Targets and credentials use Keystone's flattened names
 * (`target.project.id`, `token.project.domain.id`, ...).
 */
import {
  type NovaConfig,
  type PolicyCredentials,
  PolicyEnforcer,
  type PolicyTarget,
  type RuleDefault,
  type ScopeType,
} from '@novats/core';
import { policyEnforcerFromConfig } from '../api/auth/oslo-policy-config.js';
import { forbidden } from './identity-errors.js';
import type { TokenModel } from './token-model.js';

/** Keystone's base rules (keystone/common/policies/base.py). */
const BASE: readonly (readonly [string, string])[] = [
  ['admin_required', 'role:admin or is_admin:1'],
  ['service_role', 'role:service'],
  ['service_or_admin', 'rule:admin_required or rule:service_role'],
  ['owner', 'user_id:%(user_id)s'],
  ['admin_or_owner', 'rule:admin_required or rule:owner'],
  ['token_subject', 'user_id:%(target.token.user_id)s'],
  ['admin_or_token_subject', 'rule:admin_required or rule:token_subject'],
  ['service_admin_or_token_subject', 'rule:service_or_admin or rule:token_subject'],
];

/** [action without `identity:`, check string, scopes (s/d/p), deprecated check string or null]. */
type Row = readonly [string, string, string, string | null];

/** Keystone's defaults for every `identity:*` action this service enforces. */
const ROWS: readonly Row[] = [
  ['add_user_to_group', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  [
    'check_grant',
    '(rule:admin_required) or ((role:reader and system_scope:all) or ((role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or (role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s)) and (domain_id:%(target.role.domain_id)s or None:%(target.role.domain_id)s))',
    'sdp',
    'rule:admin_required',
  ],
  [
    'check_user_in_group',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  ['create_application_credential', 'user_id:%(user_id)s', 'p', null],
  [
    'create_credential',
    '(rule:admin_required) or user_id:%(target.credential.user_id)s',
    'sp',
    'rule:admin_required',
  ],
  ['create_domain', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['create_endpoint', 'rule:admin_required', 'sp', 'rule:admin_required'],
  [
    'create_grant',
    '(rule:admin_required) or ((role:admin and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:admin and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or (role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s)) and (domain_id:%(target.role.domain_id)s or None:%(target.role.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  ['create_group', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  ['create_implied_role', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['create_project', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  ['create_region', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['create_role', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['create_service', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['create_user', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  ['delete_application_credential', 'rule:admin_or_owner', 'sp', 'rule:admin_or_owner'],
  [
    'delete_credential',
    '(rule:admin_required) or user_id:%(target.credential.user_id)s',
    'sp',
    'rule:admin_required',
  ],
  ['delete_domain', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['delete_endpoint', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['delete_group', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  ['delete_implied_role', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['delete_project', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  ['delete_region', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['delete_role', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['delete_service', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['delete_user', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  [
    'ec2_create_credential',
    '(rule:admin_required) or (role:member and user_id:%(target.credential.user_id)s)',
    'sp',
    'rule:admin_or_owner',
  ],
  [
    'ec2_delete_credential',
    '(rule:admin_required) or user_id:%(target.credential.user_id)s',
    'sp',
    'rule:admin_required or (rule:owner and user_id:%(target.credential.user_id)s)',
  ],
  [
    'ec2_get_credential',
    '(rule:admin_required) or (role:reader and system_scope:all) or user_id:%(target.credential.user_id)s',
    'sp',
    'rule:admin_required or (rule:owner and user_id:%(target.credential.user_id)s)',
  ],
  [
    'ec2_list_credentials',
    '(rule:admin_required) or (role:member and user_id:%(target.credential.user_id)s)',
    'sp',
    'rule:admin_or_owner',
  ],
  [
    'get_application_credential',
    '(rule:admin_required) or (role:reader and system_scope:all) or rule:owner',
    'sp',
    'rule:admin_or_owner',
  ],
  [
    'get_credential',
    '(rule:admin_required) or (role:reader and system_scope:all) or user_id:%(target.credential.user_id)s',
    'sp',
    'rule:admin_required',
  ],
  [
    'get_domain',
    'rule:admin_required or (role:reader and system_scope:all) or token.domain.id:%(target.domain.id)s or token.project.domain.id:%(target.domain.id)s',
    'sdp',
    'rule:admin_required or token.project.domain.id:%(target.domain.id)s',
  ],
  ['get_endpoint', 'rule:admin_required or (role:reader and system_scope:all)', 'sp', 'rule:admin_required'],
  [
    'get_group',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.group.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  [
    'get_implied_role',
    'rule:admin_required or (role:reader and system_scope:all)',
    'sp',
    'rule:admin_required',
  ],
  [
    'get_project',
    '(role:reader and system_scope:all) or (role:reader and domain_id:%(target.project.domain_id)s) or project_id:%(target.project.id)s',
    'sdp',
    'rule:admin_required or project_id:%(target.project.id)s',
  ],
  ['get_region', '', 'sdp', null],
  ['get_role', 'rule:admin_required or (role:reader and system_scope:all)', 'sp', 'rule:admin_required'],
  ['get_service', 'rule:admin_required or (role:reader and system_scope:all)', 'sp', 'rule:admin_required'],
  [
    'get_user',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and token.domain.id:%(target.user.domain_id)s) or user_id:%(target.user.id)s',
    'sdp',
    'rule:admin_or_owner',
  ],
  [
    'list_application_credentials',
    '(rule:admin_required) or (role:reader and system_scope:all) or rule:owner',
    'sp',
    'rule:admin_or_owner',
  ],
  [
    'list_credentials',
    '(rule:admin_required) or (role:reader and system_scope:all) or user_id:%(target.credential.user_id)s',
    'sp',
    'rule:admin_required',
  ],
  ['list_domains', 'rule:admin_required or (role:reader and system_scope:all)', 'sp', 'rule:admin_required'],
  [
    'list_endpoints',
    'rule:admin_required or (role:reader and system_scope:all)',
    'sp',
    'rule:admin_required',
  ],
  [
    'list_grants',
    '(rule:admin_required) or ((role:reader and system_scope:all) or (role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:reader and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or (role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s))',
    'sdp',
    'rule:admin_required',
  ],
  [
    'list_groups',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.group.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  [
    'list_groups_for_user',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(user_id)s',
    'sdp',
    'rule:admin_or_owner',
  ],
  [
    'list_implied_roles',
    'rule:admin_required or (role:reader and system_scope:all)',
    'sp',
    'rule:admin_required',
  ],
  [
    'list_projects',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  ['list_regions', '', 'sdp', null],
  [
    'list_role_assignments',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.domain_id)s and not None:%(target.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  [
    'list_role_inference_rules',
    'rule:admin_required or (role:reader and system_scope:all)',
    'sp',
    'rule:admin_required',
  ],
  ['list_roles', 'rule:admin_required or (role:reader and system_scope:all)', 'sp', 'rule:admin_required'],
  ['list_services', 'rule:admin_required or (role:reader and system_scope:all)', 'sp', 'rule:admin_required'],
  [
    'list_user_projects',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.user.domain_id)s) or user_id:%(target.user.id)s',
    'sdp',
    'rule:admin_or_owner',
  ],
  [
    'list_users',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  [
    'list_users_in_group',
    '(rule:admin_required) or (role:reader and system_scope:all) or (role:reader and domain_id:%(target.group.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  ['remove_user_from_group', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  [
    'revoke_grant',
    '(rule:admin_required) or ((role:admin and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:admin and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s) or (role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s) or (role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s)) and (domain_id:%(target.role.domain_id)s or None:%(target.role.domain_id)s)',
    'sdp',
    'rule:admin_required',
  ],
  ['revoke_token', 'rule:admin_required or rule:token_subject', 'sdp', 'rule:admin_or_token_subject'],
  [
    'update_credential',
    '(rule:admin_required) or user_id:%(target.credential.user_id)s',
    'sp',
    'rule:admin_required',
  ],
  ['update_domain', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['update_endpoint', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['update_group', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  ['update_project', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  ['update_region', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['update_role', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['update_service', 'rule:admin_required', 'sp', 'rule:admin_required'],
  ['update_user', 'rule:admin_required', 'sdp', 'rule:admin_required'],
  [
    'validate_token',
    'rule:admin_required or (role:reader and system_scope:all) or rule:service_role or rule:token_subject',
    'sdp',
    'rule:service_admin_or_token_subject',
  ],
  // NOTE(keystone): POST /v3/users/{id}/password has no policy in Keystone (the old password is the check);
  // registered here so that the route still names a rule, with Keystone's effect.
  ['change_password', 'user_id:%(target.user.id)s', 'sdp', null],
];

const SCOPES: Record<string, ScopeType> = { s: 'system', d: 'domain', p: 'project' };

/** Keystone's registered defaults as core's RuleDefault table. */
export const IDENTITY_POLICIES: readonly RuleDefault[] = [
  ...BASE.map(([name, checkStr]): RuleDefault => ({ name, checkStr })),
  ...ROWS.map(
    ([action, checkStr, scopes, deprecated]): RuleDefault => ({
      name: `identity:${action}`,
      checkStr,
      scopeTypes: [...scopes].map((s) => SCOPES[s]),
      ...(deprecated !== null && deprecated !== checkStr
        ? { deprecatedRule: { name: `identity:${action}`, checkStr: deprecated, deprecatedSince: 'W' } }
        : {}),
    }),
  ),
];

/** What a route names of its target; flattened into Keystone's target keys by `authorize`. */
export interface IdentityTarget {
  /** The user the request is about (a user, its credentials, application credentials, a token's subject). */
  readonly user_id?: string | null;
  readonly project_id?: string | null;
  /** The domain of the project the request is about. */
  readonly project_domain_id?: string | null;
  /** The domain the request is about (GET /v3/domains/{id}). */
  readonly domain_id?: string | null;
}

/** oslo.context's policy values of a token, plus Keystone's `token` document for `token.*` checks. */
export function identityCredentials(caller: TokenModel): PolicyCredentials {
  return {
    user_id: caller.user.id,
    user_domain_id: caller.user.domain_id,
    project_id: caller.project?.id ?? null,
    project_domain_id: caller.project?.domain_id ?? null,
    domain_id: caller.domain?.id ?? null,
    system_scope: caller.system ? 'all' : null,
    ...(caller.system ? { system: 'all' } : {}),
    roles: caller.roles.map((r) => r.name),
    token: {
      user: { id: caller.user.id, domain: { id: caller.user.domain_id } },
      ...(caller.project
        ? { project: { id: caller.project.id, domain: { id: caller.project.domain_id } } }
        : {}),
      ...(caller.domain ? { domain: { id: caller.domain.id } } : {}),
    },
  };
}

function flatten(caller: TokenModel, t: IdentityTarget): PolicyTarget {
  const out: Record<string, unknown> = {};
  if (t.user_id !== undefined) {
    out.user_id = t.user_id;
    out['target.user.id'] = t.user_id;
    out['target.credential.user_id'] = t.user_id;
    out['target.token.user_id'] = t.user_id;
  }
  if (t.project_id !== undefined) out['target.project.id'] = t.project_id;
  if (t.project_domain_id !== undefined) out['target.project.domain_id'] = t.project_domain_id;
  if (t.domain_id !== undefined) out['target.domain.id'] = t.domain_id;
  // NOTE(keystone): list calls name the caller's domain scope as their target, none for other tokens.
  if (caller.domain) out['target.domain_id'] = caller.domain.id;
  return out;
}

/** The identity service's enforcer: Keystone's defaults, overridable by the `[oslo_policy]` policy file. */
export class IdentityPolicy {
  constructor(readonly enforcer: PolicyEnforcer = new PolicyEnforcer(IDENTITY_POLICIES)) {}

  /** Throws Keystone's 403 unless the caller passes `action` on the target. */
  authorize(action: string, caller: TokenModel, target: IdentityTarget = {}): void {
    if (!this.enforcer.check(action, flatten(caller, target), identityCredentials(caller)))
      throw forbidden(action);
  }

  /** Keystone's `admin_required`: the caller may act on anyone's data (lists are not narrowed). */
  isAdmin(caller: TokenModel): boolean {
    return this.enforcer.check('admin_required', {}, identityCredentials(caller));
  }
}

/**
 * `[oslo_policy]` of nova.conf for the identity service; a relative
 * `policy_file` is looked up next to the config files, then in /etc/keystone.
 */
export function identityPolicyFromConfig(
  conf: NovaConfig,
  configDirs: readonly string[] = [],
): IdentityPolicy {
  return new IdentityPolicy(policyEnforcerFromConfig(conf, IDENTITY_POLICIES, ['/etc/keystone'], configDirs));
}
