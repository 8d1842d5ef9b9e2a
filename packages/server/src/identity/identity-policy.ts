/**
 * Keystone's default policy for the routes served here, with
 * `enforce_scope` and `enforce_new_defaults` off as in Zed: writes need the
 * admin role; a user may read itself, its own projects, credentials and
 * application credentials; a token's subject may validate or revoke it.
 * Kept in this one module so that it can be handed to the shared
 * oslo.policy engine (packages/core/src/policy) once that lands.
 */
import { forbidden } from './identity-errors.js';
import type { TokenModel } from './token-model.js';

/** What a rule may look at besides the caller. */
export interface PolicyTarget {
  readonly user_id?: string | null;
  readonly project_id?: string | null;
  readonly domain_id?: string | null;
}

type Check = (caller: TokenModel, target: PolicyTarget) => boolean;

const hasRole = (c: TokenModel, name: string) => c.roles.some((r) => r.name === name);
const admin: Check = (c) => hasRole(c, 'admin');
const systemReader: Check = (c) => c.system && hasRole(c, 'reader');
const adminOrReader: Check = (c, t) => admin(c, t) || systemReader(c, t);
const self: Check = (c, t) => t.user_id !== undefined && t.user_id === c.user.id;
const adminOrSelf: Check = (c, t) => adminOrReader(c, t) || self(c, t);
const serviceOrSubject: Check = (c, t) => admin(c, t) || hasRole(c, 'service') || self(c, t);
const anyone: Check = () => true;

const RULES: Record<string, Check> = {
  'identity:get_domain': (c, t) =>
    adminOrReader(c, t) ||
    (t.domain_id !== undefined && (c.domain?.id === t.domain_id || c.project?.domain_id === t.domain_id)),
  'identity:list_domains': adminOrReader,
  'identity:get_project': (c, t) =>
    adminOrReader(c, t) || (t.project_id !== undefined && c.project?.id === t.project_id),
  'identity:list_projects': adminOrReader,
  'identity:list_user_projects': adminOrSelf,
  'identity:get_user': adminOrSelf,
  'identity:list_users': adminOrReader,
  'identity:change_password': self,
  'identity:get_group': adminOrReader,
  'identity:list_groups': adminOrReader,
  'identity:list_groups_for_user': adminOrSelf,
  'identity:list_users_in_group': adminOrReader,
  'identity:get_role': adminOrReader,
  'identity:list_roles': adminOrReader,
  'identity:list_implied_roles': adminOrReader,
  'identity:list_role_assignments': adminOrReader,
  'identity:check_grant': adminOrReader,
  'identity:list_grants': adminOrReader,
  'identity:get_service': adminOrReader,
  'identity:list_services': adminOrReader,
  'identity:get_endpoint': adminOrReader,
  'identity:list_endpoints': adminOrReader,
  'identity:get_region': anyone,
  'identity:list_regions': anyone,
  'identity:get_credential': adminOrSelf,
  'identity:list_credentials': anyone,
  'identity:create_credential': (c, t) => admin(c, t) || self(c, t),
  'identity:update_credential': (c, t) => admin(c, t) || self(c, t),
  'identity:delete_credential': (c, t) => admin(c, t) || self(c, t),
  'identity:ec2_get_credential': adminOrSelf,
  'identity:ec2_list_credentials': adminOrSelf,
  'identity:ec2_create_credential': (c, t) => admin(c, t) || self(c, t),
  'identity:ec2_delete_credential': (c, t) => admin(c, t) || self(c, t),
  'identity:get_application_credential': adminOrSelf,
  'identity:list_application_credentials': adminOrSelf,
  'identity:create_application_credential': self,
  'identity:delete_application_credential': (c, t) => admin(c, t) || self(c, t),
  'identity:validate_token': serviceOrSubject,
  'identity:revoke_token': serviceOrSubject,
};

/** Throws Keystone's 403 unless the caller passes `action`; an unknown action needs admin. */
export function authorize(action: string, caller: TokenModel, target: PolicyTarget = {}): void {
  const check = RULES[action] ?? admin;
  if (!check(caller, target)) throw forbidden(action);
}

/** Whether the caller may act on anyone's data (lists are then not narrowed to the caller). */
export function isIdentityAdmin(caller: TokenModel): boolean {
  return admin(caller, {});
}
