/**
 * What the identity API answers, as schemas: the token body (POST/GET
 * /v3/auth/tokens) with its catalog, and each entity with its `links`.
 * Entities carry their free-form attributes at the top level
 * (`additionalProperties`). The SDK's response types come from them and its
 * tests check real answers against them.
 */
import type { FromSchema } from '../from-schema.js';

const STRING = { type: 'string' } as const;
const NULLABLE_STRING = { type: ['string', 'null'] } as const;
const SELF_LINK = {
  type: 'object',
  properties: { self: STRING },
  required: ['self'],
} as const;
const ID_NAME = {
  type: 'object',
  properties: { id: STRING, name: STRING },
  required: ['id', 'name'],
} as const;
const entity = <P extends object, R extends string>(properties: P, required: readonly R[]) =>
  ({
    type: 'object',
    properties: { ...properties, links: SELF_LINK },
    required,
    additionalProperties: true,
  }) as const;

/** One endpoint of a catalog entry. */
export const CATALOG_ENDPOINT_VIEW = {
  type: 'object',
  properties: {
    id: STRING,
    interface: { type: 'string', enum: ['admin', 'internal', 'public'] },
    region_id: NULLABLE_STRING,
    region: NULLABLE_STRING,
    url: STRING,
  },
  required: ['id', 'interface', 'region_id', 'region', 'url'],
} as const;

/** One service of the catalog (the token's, GET /v3/auth/catalog's). */
export const CATALOG_SERVICE_VIEW = {
  type: 'object',
  properties: {
    id: STRING,
    type: STRING,
    name: STRING,
    endpoints: { type: 'array', items: CATALOG_ENDPOINT_VIEW },
  },
  required: ['id', 'type', 'name', 'endpoints'],
} as const;

const NAMED_IN_DOMAIN = {
  type: 'object',
  properties: { id: STRING, name: STRING, domain: ID_NAME },
  required: ['id', 'name', 'domain'],
} as const;

/** The `token` of POST and GET /v3/auth/tokens: scoped to a project, a domain, the system, or nothing. */
export const TOKEN_VIEW = {
  type: 'object',
  properties: {
    methods: { type: 'array', items: STRING },
    user: {
      type: 'object',
      properties: { ...NAMED_IN_DOMAIN.properties, password_expires_at: NULLABLE_STRING },
      required: ['id', 'name', 'domain', 'password_expires_at'],
    },
    audit_ids: { type: 'array', items: STRING },
    expires_at: STRING,
    issued_at: STRING,
    project: NAMED_IN_DOMAIN,
    domain: ID_NAME,
    system: { type: 'object', properties: { all: { type: 'boolean' } }, required: ['all'] },
    is_domain: { type: 'boolean' },
    roles: { type: 'array', items: ID_NAME },
    catalog: { type: 'array', items: CATALOG_SERVICE_VIEW },
    application_credential: {
      type: 'object',
      properties: { id: STRING, name: STRING, restricted: { type: 'boolean' } },
      required: ['id', 'name', 'restricted'],
    },
  },
  required: ['methods', 'user', 'audit_ids', 'expires_at', 'issued_at'],
  additionalProperties: false,
} as const;

/** The body of POST and GET /v3/auth/tokens. */
export const TOKEN_BODY_VIEW = {
  type: 'object',
  properties: { token: TOKEN_VIEW },
  required: ['token'],
  additionalProperties: false,
} as const;

export const USER_VIEW = entity(
  {
    id: STRING,
    name: STRING,
    domain_id: STRING,
    enabled: { type: 'boolean' },
    default_project_id: STRING,
    password_expires_at: NULLABLE_STRING,
    options: { type: 'object' },
  },
  ['id', 'name', 'domain_id', 'enabled', 'password_expires_at', 'links'],
);

export const PROJECT_VIEW = entity(
  {
    id: STRING,
    name: STRING,
    domain_id: STRING,
    description: STRING,
    enabled: { type: 'boolean' },
    parent_id: NULLABLE_STRING,
    is_domain: { type: 'boolean' },
    tags: { type: 'array', items: STRING },
    options: { type: 'object' },
  },
  ['id', 'name', 'domain_id', 'description', 'enabled', 'parent_id', 'is_domain', 'tags', 'links'],
);

export const DOMAIN_VIEW = entity(
  {
    id: STRING,
    name: STRING,
    description: STRING,
    enabled: { type: 'boolean' },
    tags: { type: 'array', items: STRING },
    options: { type: 'object' },
  },
  ['id', 'name', 'description', 'enabled', 'links'],
);

export const ROLE_VIEW = entity(
  {
    id: STRING,
    name: STRING,
    domain_id: NULLABLE_STRING,
    description: NULLABLE_STRING,
    options: { type: 'object' },
  },
  ['id', 'name', 'domain_id', 'links'],
);

export const GROUP_VIEW = entity({ id: STRING, name: STRING, domain_id: STRING, description: STRING }, [
  'id',
  'name',
  'domain_id',
  'links',
]);

export const CREDENTIAL_VIEW = entity(
  { id: STRING, user_id: STRING, project_id: NULLABLE_STRING, type: STRING, blob: STRING },
  ['id', 'user_id', 'type', 'blob', 'links'],
);

/** An EC2 key pair (OS-EC2): the access key and its secret. */
export const EC2_CREDENTIAL_VIEW = {
  type: 'object',
  properties: {
    user_id: STRING,
    tenant_id: NULLABLE_STRING,
    access: STRING,
    secret: STRING,
    trust_id: NULLABLE_STRING,
    links: SELF_LINK,
  },
  required: ['user_id', 'tenant_id', 'access', 'secret', 'links'],
} as const;

export const SERVICE_VIEW = entity(
  { id: STRING, type: STRING, name: STRING, description: STRING, enabled: { type: 'boolean' } },
  ['id', 'type', 'enabled', 'links'],
);

export const ENDPOINT_VIEW = entity(
  {
    id: STRING,
    interface: { type: 'string', enum: ['admin', 'internal', 'public'] },
    region_id: NULLABLE_STRING,
    region: NULLABLE_STRING,
    url: STRING,
    service_id: STRING,
    enabled: { type: 'boolean' },
  },
  ['id', 'interface', 'region_id', 'url', 'service_id', 'enabled', 'links'],
);

export const REGION_VIEW = entity({ id: STRING, description: STRING, parent_region_id: NULLABLE_STRING }, [
  'id',
  'description',
  'parent_region_id',
  'links',
]);

export const APPLICATION_CREDENTIAL_VIEW = {
  type: 'object',
  properties: {
    id: STRING,
    name: STRING,
    description: NULLABLE_STRING,
    user_id: STRING,
    project_id: NULLABLE_STRING,
    expires_at: NULLABLE_STRING,
    unrestricted: { type: 'boolean' },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: STRING, name: STRING, domain_id: NULLABLE_STRING },
        required: ['id', 'name'],
      },
    },
    access_rules: { type: 'array', items: { type: 'object' } },
    /** Only in the answer of the create: shown once. */
    secret: STRING,
    links: SELF_LINK,
  },
  required: ['id', 'name', 'user_id', 'project_id', 'expires_at', 'unrestricted', 'roles', 'links'],
} as const;

const ASSIGNMENT_REF = {
  type: 'object',
  properties: { id: STRING, name: STRING, domain: ID_NAME },
  required: ['id'],
} as const;

/** One of GET /v3/role_assignments: who holds which role where (the group it comes through, if any). */
export const ROLE_ASSIGNMENT_VIEW = {
  type: 'object',
  properties: {
    role: ASSIGNMENT_REF,
    user: ASSIGNMENT_REF,
    group: ASSIGNMENT_REF,
    scope: {
      type: 'object',
      properties: {
        project: ASSIGNMENT_REF,
        domain: ASSIGNMENT_REF,
        system: { type: 'object', properties: { all: { type: 'boolean' } } },
      },
    },
    links: {
      type: 'object',
      properties: { assignment: STRING, membership: STRING, prior_role: STRING },
      required: ['assignment'],
    },
  },
  required: ['role', 'scope', 'links'],
} as const;

const LIST_LINKS = {
  type: 'object',
  properties: { self: STRING, previous: NULLABLE_STRING, next: NULLABLE_STRING },
  required: ['self', 'previous', 'next'],
} as const;

/** `{"<plural>": [...], "links": {...}}`, as every Keystone list answers. */
export function identityListView<K extends string, I extends object>(plural: K, item: I) {
  return {
    type: 'object',
    properties: { [plural]: { type: 'array', items: item }, links: LIST_LINKS } as {
      [P in K]: { readonly type: 'array'; readonly items: I };
    } & { readonly links: typeof LIST_LINKS },
    required: [plural, 'links'] as [K, 'links'],
  } as const;
}

export const USERS_VIEW = identityListView('users', USER_VIEW);
export const PROJECTS_VIEW = identityListView('projects', PROJECT_VIEW);
export const DOMAINS_VIEW = identityListView('domains', DOMAIN_VIEW);
export const ROLES_VIEW = identityListView('roles', ROLE_VIEW);
export const GROUPS_VIEW = identityListView('groups', GROUP_VIEW);
export const CREDENTIALS_VIEW = identityListView('credentials', CREDENTIAL_VIEW);
export const SERVICES_VIEW = identityListView('services', SERVICE_VIEW);
export const ENDPOINTS_VIEW = identityListView('endpoints', ENDPOINT_VIEW);
export const REGIONS_VIEW = identityListView('regions', REGION_VIEW);
export const EC2_CREDENTIALS_VIEW = identityListView('credentials', EC2_CREDENTIAL_VIEW);
export const APPLICATION_CREDENTIALS_VIEW = identityListView(
  'application_credentials',
  APPLICATION_CREDENTIAL_VIEW,
);
export const ROLE_ASSIGNMENTS_VIEW = identityListView('role_assignments', ROLE_ASSIGNMENT_VIEW);
export const CATALOG_VIEW = identityListView('catalog', CATALOG_SERVICE_VIEW);

export type TokenView = FromSchema<typeof TOKEN_VIEW>;
export type TokenBodyView = FromSchema<typeof TOKEN_BODY_VIEW>;
export type CatalogServiceView = FromSchema<typeof CATALOG_SERVICE_VIEW>;
export type CatalogEndpointView = FromSchema<typeof CATALOG_ENDPOINT_VIEW>;
export type UserView = FromSchema<typeof USER_VIEW>;
export type ProjectView = FromSchema<typeof PROJECT_VIEW>;
export type DomainView = FromSchema<typeof DOMAIN_VIEW>;
export type RoleView = FromSchema<typeof ROLE_VIEW>;
export type GroupView = FromSchema<typeof GROUP_VIEW>;
export type CredentialView = FromSchema<typeof CREDENTIAL_VIEW>;
export type Ec2CredentialView = FromSchema<typeof EC2_CREDENTIAL_VIEW>;
export type ServiceView = FromSchema<typeof SERVICE_VIEW>;
export type EndpointView = FromSchema<typeof ENDPOINT_VIEW>;
export type RegionView = FromSchema<typeof REGION_VIEW>;
export type ApplicationCredentialView = FromSchema<typeof APPLICATION_CREDENTIAL_VIEW>;
export type RoleAssignmentView = FromSchema<typeof ROLE_ASSIGNMENT_VIEW>;
