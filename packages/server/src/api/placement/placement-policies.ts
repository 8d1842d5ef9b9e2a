/**
 * Placement's default policies (placement/policies/*.py, 8.0.0 Zed) as data:
 * the base rules (system admin, system reader, project reader, their
 * deprecated `role:admin` form) and one rule per route. With Zed's
 * `enforce_new_defaults = False` each base rule also accepts `role:admin`,
 * which is how the legacy-RBAC callers (project admins) keep working.
 */
import type { DeprecatedRule, RuleDefault } from '@novats/core';

const DEPRECATED_ADMIN: DeprecatedRule = {
  name: 'rule:admin_api',
  checkStr: 'role:admin',
  deprecatedSince: 'W',
  deprecatedReason:
    'Placement API policies are introducing new default roles with scope_type capabilities. Old policies are deprecated.',
};

const SYSTEM_ADMIN = 'rule:system_admin_api';
const SYSTEM_READER = 'rule:system_reader_api';
const PROJECT_READER_OR_SYSTEM_READER = 'rule:system_or_project_reader';

const BASE_RULES: RuleDefault[] = [
  {
    name: 'admin_api',
    checkStr: 'role:admin',
    description: 'Default rule for most placement APIs.',
    scopeTypes: ['system'],
  },
  {
    name: 'system_admin_api',
    checkStr: 'role:admin and system_scope:all',
    description: 'Default rule for System Admin APIs.',
    deprecatedRule: DEPRECATED_ADMIN,
  },
  {
    name: 'system_reader_api',
    checkStr: 'role:reader and system_scope:all',
    description: 'Default rule for System level read only APIs.',
    deprecatedRule: DEPRECATED_ADMIN,
  },
  {
    name: 'project_reader_api',
    checkStr: 'role:reader and project_id:%(project_id)s',
    description: 'Default rule for Project level read only APIs.',
    deprecatedRule: DEPRECATED_ADMIN,
  },
  {
    name: 'system_or_project_reader',
    checkStr: 'rule:system_reader_api or rule:project_reader_api',
    description: 'Default rule for System+Project read only APIs.',
    deprecatedRule: DEPRECATED_ADMIN,
  },
];

/** [name, check string, method, path, description]; scope is `system` unless listed below. */
type Row = readonly [string, string, string, string, string];

const RP = '/resource_providers/{uuid}';
const ROUTE_RULES: readonly Row[] = [
  [
    'placement:resource_providers:list',
    SYSTEM_READER,
    'GET',
    '/resource_providers',
    'List resource providers.',
  ],
  [
    'placement:resource_providers:create',
    SYSTEM_ADMIN,
    'POST',
    '/resource_providers',
    'Create resource provider.',
  ],
  ['placement:resource_providers:show', SYSTEM_READER, 'GET', RP, 'Show resource provider.'],
  ['placement:resource_providers:update', SYSTEM_ADMIN, 'PUT', RP, 'Update resource provider.'],
  ['placement:resource_providers:delete', SYSTEM_ADMIN, 'DELETE', RP, 'Delete resource provider.'],
  [
    'placement:resource_providers:inventories:list',
    SYSTEM_READER,
    'GET',
    `${RP}/inventories`,
    'List resource provider inventories.',
  ],
  [
    'placement:resource_providers:inventories:create',
    SYSTEM_ADMIN,
    'POST',
    `${RP}/inventories`,
    'Create one resource provider inventory.',
  ],
  [
    'placement:resource_providers:inventories:show',
    SYSTEM_READER,
    'GET',
    `${RP}/inventories/{resource_class}`,
    'Show resource provider inventory.',
  ],
  [
    'placement:resource_providers:inventories:update',
    SYSTEM_ADMIN,
    'PUT',
    `${RP}/inventories`,
    'Update resource provider inventory.',
  ],
  [
    'placement:resource_providers:inventories:delete',
    SYSTEM_ADMIN,
    'DELETE',
    `${RP}/inventories`,
    'Delete resource provider inventory.',
  ],
  [
    'placement:resource_providers:aggregates:list',
    SYSTEM_READER,
    'GET',
    `${RP}/aggregates`,
    'List resource provider aggregates.',
  ],
  [
    'placement:resource_providers:aggregates:update',
    SYSTEM_ADMIN,
    'PUT',
    `${RP}/aggregates`,
    'Update resource provider aggregates.',
  ],
  [
    'placement:resource_providers:usages',
    SYSTEM_READER,
    'GET',
    `${RP}/usages`,
    'List resource provider usages.',
  ],
  [
    'placement:usages',
    PROJECT_READER_OR_SYSTEM_READER,
    'GET',
    '/usages',
    'List total resource usages for a given project.',
  ],
  [
    'placement:resource_providers:traits:list',
    SYSTEM_READER,
    'GET',
    `${RP}/traits`,
    'List resource provider traits.',
  ],
  [
    'placement:resource_providers:traits:update',
    SYSTEM_ADMIN,
    'PUT',
    `${RP}/traits`,
    'Update resource provider traits.',
  ],
  [
    'placement:resource_providers:traits:delete',
    SYSTEM_ADMIN,
    'DELETE',
    `${RP}/traits`,
    'Delete resource provider traits.',
  ],
  [
    'placement:resource_providers:allocations:list',
    SYSTEM_READER,
    'GET',
    `${RP}/allocations`,
    'List resource provider allocations.',
  ],
  ['placement:allocations:manage', SYSTEM_ADMIN, 'POST', '/allocations', 'Manage allocations.'],
  ['placement:allocations:list', SYSTEM_READER, 'GET', '/allocations/{consumer_uuid}', 'List allocations.'],
  [
    'placement:allocations:update',
    SYSTEM_ADMIN,
    'PUT',
    '/allocations/{consumer_uuid}',
    'Update allocations.',
  ],
  [
    'placement:allocations:delete',
    SYSTEM_ADMIN,
    'DELETE',
    '/allocations/{consumer_uuid}',
    'Delete allocations.',
  ],
  [
    'placement:allocation_candidates:list',
    SYSTEM_READER,
    'GET',
    '/allocation_candidates',
    'List allocation candidates.',
  ],
  ['placement:traits:list', SYSTEM_READER, 'GET', '/traits', 'List traits.'],
  ['placement:traits:show', SYSTEM_READER, 'GET', '/traits/{name}', 'Show trait.'],
  ['placement:traits:update', SYSTEM_ADMIN, 'PUT', '/traits/{name}', 'Update trait.'],
  ['placement:traits:delete', SYSTEM_ADMIN, 'DELETE', '/traits/{name}', 'Delete trait.'],
  ['placement:resource_classes:list', SYSTEM_READER, 'GET', '/resource_classes', 'List resource classes.'],
  ['placement:resource_classes:create', SYSTEM_ADMIN, 'POST', '/resource_classes', 'Create resource class.'],
  [
    'placement:resource_classes:show',
    SYSTEM_READER,
    'GET',
    '/resource_classes/{name}',
    'Show resource class.',
  ],
  [
    'placement:resource_classes:update',
    SYSTEM_ADMIN,
    'PUT',
    '/resource_classes/{name}',
    'Update resource class.',
  ],
  [
    'placement:resource_classes:delete',
    SYSTEM_ADMIN,
    'DELETE',
    '/resource_classes/{name}',
    'Delete resource class.',
  ],
  ['placement:reshaper:reshape', SYSTEM_ADMIN, 'POST', '/reshaper', 'Reshape Inventory and Allocations.'],
];

/** Rules that project-scoped tokens may also use. */
const PROJECT_SCOPED = new Set(['placement:usages']);

export const PLACEMENT_POLICIES: readonly RuleDefault[] = [
  ...BASE_RULES,
  ...ROUTE_RULES.map(
    ([name, checkStr, method, path, description]): RuleDefault => ({
      name,
      checkStr,
      description,
      operations: [{ method, path }],
      scopeTypes: PROJECT_SCOPED.has(name) ? ['system', 'project'] : ['system'],
    }),
  ),
];
