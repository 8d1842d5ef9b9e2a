/**
 * Nova Zed's default policy rules (`nova/policies/*.py`) as data: each rule
 * name with its persona. `computeRuleDefaults()` renders them in
 * oslo.policy's language with the deprecated rule each new default replaced,
 * so that with `enforce_new_defaults` off (Zed's default) the legacy rule
 * (`rule:admin_or_owner`, `rule:admin_api`) still applies.
 */

import type { RuleDefault } from '@novats/core';

/**
 * admin: `rule:context_is_admin` (legacy `rule:admin_api`);
 * member / reader: `rule:project_member_or_admin` / `rule:project_reader_or_admin`
 * (legacy `rule:admin_or_owner`); user: keypairs' `rule:context_is_admin or
 * user_id:%(user_id)s`; any: `@`; nobody: `!`.
 */
export type PolicyPersona = 'admin' | 'member' | 'reader' | 'user' | 'any' | 'nobody';

const P = 'os_compute_api:';

const ADMIN: readonly string[] = [
  'os-admin-actions:reset_state',
  'os-admin-actions:inject_network_info',
  'os-aggregates:index',
  'os-aggregates:create',
  'os-aggregates:show',
  'os-aggregates:update',
  'os-aggregates:delete',
  'os-aggregates:add_host',
  'os-aggregates:remove_host',
  'os-aggregates:set_metadata',
  'os-assisted-volume-snapshots:create',
  'os-assisted-volume-snapshots:delete',
  'os-availability-zone:detail',
  'os-baremetal-nodes:list',
  'os-baremetal-nodes:show',
  'os-console-auth-tokens',
  'os-evacuate',
  'os-extended-server-attributes',
  'os-flavor-access',
  'os-flavor-access:add_tenant_access',
  'os-flavor-access:remove_tenant_access',
  'os-flavor-manage:create',
  'os-flavor-manage:update',
  'os-flavor-manage:delete',
  'os-flavor-extra-specs:create',
  'os-flavor-extra-specs:update',
  'os-flavor-extra-specs:delete',
  'os-hosts:list',
  'os-hosts:show',
  'os-hosts:update',
  'os-hosts:reboot',
  'os-hosts:shutdown',
  'os-hosts:start',
  'os-hypervisors:list',
  'os-hypervisors:list-detail',
  'os-hypervisors:statistics',
  'os-hypervisors:show',
  'os-hypervisors:uptime',
  'os-hypervisors:search',
  'os-hypervisors:servers',
  'os-instance-actions:events',
  'os-instance-actions:events:details',
  'os-instance-usage-audit-log:list',
  'os-instance-usage-audit-log:show',
  'limits:other_project',
  'os-lock-server:unlock:unlock_override',
  'os-migrate-server:migrate',
  'os-migrate-server:migrate:host',
  'os-migrate-server:migrate_live',
  'os-migrations:index',
  'os-quota-class-sets:show',
  'os-quota-class-sets:update',
  'os-quota-sets:update',
  'os-quota-sets:delete',
  'os-server-diagnostics',
  'os-server-external-events:create',
  'os-server-groups:index:all_projects',
  'servers:index:get_all_tenants',
  'servers:detail:get_all_tenants',
  'servers:allow_all_filters',
  'servers:show:host_status',
  'servers:show:host_status:unknown-only',
  'servers:create:forced_host',
  'servers:create:requested_destination',
  'servers:create:zero_disk_flavor',
  'network:attach_external_network',
  'servers:migrations:index',
  'servers:migrations:show',
  'servers:migrations:force_complete',
  'servers:migrations:delete',
  'os-services:list',
  'os-services:update',
  'os-services:delete',
  'os-shelve:shelve_offload',
  'os-shelve:unshelve_to_host',
  'os-simple-tenant-usage:list',
  'os-volumes-attachments:swap',
];

const READER: readonly string[] = [
  'servers:index',
  'servers:detail',
  'servers:show',
  'ips:index',
  'ips:show',
  'server-metadata:index',
  'server-metadata:show',
  'os-server-tags:index',
  'os-server-tags:show',
  'os-attach-interfaces:list',
  'os-attach-interfaces:show',
  'os-volumes-attachments:index',
  'os-volumes-attachments:show',
  'os-instance-actions:list',
  'os-instance-actions:show',
  'os-server-groups:index',
  'os-server-groups:show',
  'os-quota-sets:show',
  'os-quota-sets:detail',
  'os-simple-tenant-usage:show',
  'os-server-password:show',
  'os-flavor-extra-specs:index',
  'os-flavor-extra-specs:show',
  'os-security-groups:list',
];

const MEMBER: readonly string[] = [
  'servers:create',
  'servers:create:attach_volume',
  'servers:create:attach_network',
  'servers:create:trusted_certs',
  'servers:update',
  'servers:delete',
  'servers:reboot',
  'servers:resize',
  'servers:confirm_resize',
  'servers:revert_resize',
  'servers:rebuild',
  'servers:rebuild:trusted_certs',
  'servers:create_image',
  'servers:create_image:allow_volume_backed',
  'servers:start',
  'servers:stop',
  'servers:trigger_crash_dump',
  'os-pause-server:pause',
  'os-pause-server:unpause',
  'os-suspend-server:suspend',
  'os-suspend-server:resume',
  'os-lock-server:lock',
  'os-lock-server:unlock',
  'os-rescue',
  'os-unrescue',
  'os-shelve:shelve',
  'os-shelve:unshelve',
  'os-create-backup',
  'os-console-output',
  'os-admin-password',
  'os-deferred-delete:restore',
  'os-deferred-delete:force',
  'os-security-groups:add',
  'os-security-groups:remove',
  'server-metadata:create',
  'server-metadata:update',
  'server-metadata:update_all',
  'server-metadata:delete',
  'os-server-tags:create',
  'os-server-tags:update',
  'os-server-tags:update_all',
  'os-server-tags:delete',
  'os-server-tags:delete_all',
  'os-attach-interfaces:create',
  'os-attach-interfaces:delete',
  'os-volumes-attachments:create',
  'os-volumes-attachments:update',
  'os-volumes-attachments:delete',
  'os-server-password:clear',
  'os-server-groups:create',
  'os-server-groups:delete',
  'os-remote-consoles',
  'os-multinic',
];

const USER: readonly string[] = [
  'os-keypairs:index',
  'os-keypairs:create',
  'os-keypairs:delete',
  'os-keypairs:show',
];

const ANY: readonly string[] = [
  'limits',
  'os-availability-zone:list',
  'os-quota-sets:defaults',
  'extensions',
  'os-floating-ip-pools',
];

const NOBODY: readonly string[] = ['os-migrate-server:migrate:cross_cell'];

/** Every rule name of the Compute API with its persona. */
export const COMPUTE_POLICY_PERSONAS: ReadonlyMap<string, PolicyPersona> = new Map([
  ...ADMIN.map((r) => [P + r, 'admin'] as const),
  ...READER.map((r) => [P + r, 'reader'] as const),
  ...MEMBER.map((r) => [P + r, 'member'] as const),
  ...USER.map((r) => [P + r, 'user'] as const),
  ...ANY.map((r) => [P + r, 'any'] as const),
  ...NOBODY.map((r) => [P + r, 'nobody'] as const),
  // NOTE(nova): the topology and aggregate image rules are the only ones outside the os_compute_api namespace.
  ['compute:server:topology:index', 'reader'],
  ['compute:aggregates:images', 'admin'],
  ['compute:server:topology:host:index', 'admin'],
]);

/** Nova's base rules (`nova/policies/base.py`). */
export const COMPUTE_BASE_RULES: readonly RuleDefault[] = [
  { name: 'context_is_admin', checkStr: 'role:admin' },
  { name: 'admin_or_owner', checkStr: 'is_admin:True or project_id:%(project_id)s' },
  { name: 'admin_api', checkStr: 'is_admin:True' },
  { name: 'project_member_api', checkStr: 'role:member and project_id:%(project_id)s' },
  { name: 'project_reader_api', checkStr: 'role:reader and project_id:%(project_id)s' },
  { name: 'project_member_or_admin', checkStr: 'rule:project_member_api or rule:context_is_admin' },
  { name: 'project_reader_or_admin', checkStr: 'rule:project_reader_api or rule:context_is_admin' },
];

const CHECKS: Record<PolicyPersona, { checkStr: string; deprecated?: string }> = {
  admin: { checkStr: 'rule:context_is_admin', deprecated: 'rule:admin_api' },
  member: { checkStr: 'rule:project_member_or_admin', deprecated: 'rule:admin_or_owner' },
  reader: { checkStr: 'rule:project_reader_or_admin', deprecated: 'rule:admin_or_owner' },
  user: {
    checkStr: 'rule:context_is_admin or user_id:%(user_id)s',
    deprecated: 'rule:admin_api or user_id:%(user_id)s',
  },
  any: { checkStr: '@' },
  nobody: { checkStr: '!' },
};

/** Every default of the Compute API, for the shared policy enforcer and sample files. */
export function computeRuleDefaults(): RuleDefault[] {
  const out: RuleDefault[] = [...COMPUTE_BASE_RULES];
  for (const [name, persona] of COMPUTE_POLICY_PERSONAS) {
    const c = CHECKS[persona];
    out.push({
      name,
      checkStr: c.checkStr,
      scopeTypes: ['project'],
      ...(c.deprecated ? { deprecatedRule: { name, checkStr: c.deprecated } } : {}),
    });
  }
  return out;
}
