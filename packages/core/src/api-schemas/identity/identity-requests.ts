/**
 * The identity API's (Keystone v3) request bodies, each as the member the
 * service validates (Keystone's `*_create` / `*_update` schemas) and as the
 * whole body the SDK sends (`{"user": {...}}`). Entities take free-form
 * attributes (`additionalProperties`), as Keystone stores them in `extra`.
 */
import type { FromSchema } from '../from-schema.js';
import {
  KEYSTONE_DESCRIPTION,
  KEYSTONE_ID,
  KEYSTONE_NAME,
  keystoneBody,
  NULLABLE_KEYSTONE_ID,
  OPTIONS,
  RESOURCE_NAME,
  TAGS,
} from './identity-parameter-types.js';

const create = <P extends object, R extends string>(properties: P, required: readonly R[]) =>
  ({ type: 'object', properties, required, additionalProperties: true }) as const;
const update = <P extends object>(properties: P) =>
  ({ type: 'object', properties, additionalProperties: true }) as const;

const USER_FIELDS = {
  name: KEYSTONE_NAME,
  domain_id: KEYSTONE_ID,
  default_project_id: NULLABLE_KEYSTONE_ID,
  description: KEYSTONE_DESCRIPTION,
  enabled: { type: 'boolean' },
  password: { type: ['string', 'null'] },
  options: OPTIONS,
} as const;
export const USER_CREATE_MEMBER = create(USER_FIELDS, ['name']);
export const USER_UPDATE_MEMBER = update(USER_FIELDS);
/** POST /v3/users/{id}/password. */
export const USER_PASSWORD_MEMBER = {
  type: 'object',
  properties: { original_password: { type: 'string' }, password: { type: 'string', minLength: 1 } },
  required: ['original_password', 'password'],
  additionalProperties: false,
} as const;

const PROJECT_FIELDS = {
  name: RESOURCE_NAME,
  domain_id: NULLABLE_KEYSTONE_ID,
  description: KEYSTONE_DESCRIPTION,
  enabled: { type: 'boolean' },
  is_domain: { type: 'boolean' },
  parent_id: NULLABLE_KEYSTONE_ID,
  tags: TAGS,
  options: OPTIONS,
} as const;
export const PROJECT_CREATE_MEMBER = create(PROJECT_FIELDS, ['name']);
export const PROJECT_UPDATE_MEMBER = update(PROJECT_FIELDS);

const DOMAIN_FIELDS = {
  name: RESOURCE_NAME,
  description: KEYSTONE_DESCRIPTION,
  enabled: { type: 'boolean' },
  tags: TAGS,
  options: OPTIONS,
} as const;
export const DOMAIN_CREATE_MEMBER = create(DOMAIN_FIELDS, ['name']);
export const DOMAIN_UPDATE_MEMBER = update(DOMAIN_FIELDS);

const ROLE_FIELDS = {
  name: KEYSTONE_NAME,
  domain_id: NULLABLE_KEYSTONE_ID,
  description: KEYSTONE_DESCRIPTION,
  options: OPTIONS,
} as const;
export const ROLE_CREATE_MEMBER = create(ROLE_FIELDS, ['name']);
export const ROLE_UPDATE_MEMBER = update(ROLE_FIELDS);

const GROUP_FIELDS = {
  name: KEYSTONE_NAME,
  domain_id: KEYSTONE_ID,
  description: KEYSTONE_DESCRIPTION,
} as const;
export const GROUP_CREATE_MEMBER = create(GROUP_FIELDS, ['name']);
export const GROUP_UPDATE_MEMBER = update(GROUP_FIELDS);

const CREDENTIAL_FIELDS = {
  blob: { type: 'string', minLength: 1 },
  project_id: { type: ['string', 'null'] },
  type: { type: 'string', minLength: 1, maxLength: 255 },
  user_id: { type: 'string', minLength: 1 },
} as const;
export const CREDENTIAL_CREATE_MEMBER = create(CREDENTIAL_FIELDS, ['blob', 'type', 'user_id']);
export const CREDENTIAL_UPDATE_MEMBER = update(CREDENTIAL_FIELDS);

/** POST /v3/users/{id}/credentials/OS-EC2: the project the key pair is for (not keystoneBody). */
export const EC2_CREDENTIAL_CREATE = {
  type: 'object',
  properties: { tenant_id: { type: 'string', minLength: 1 }, project_id: { type: 'string', minLength: 1 } },
  anyOf: [{ required: ['tenant_id'] }, { required: ['project_id'] }],
} as const;

const SERVICE_FIELDS = {
  type: { type: 'string', minLength: 1, maxLength: 255 },
  name: { type: 'string' },
  description: KEYSTONE_DESCRIPTION,
  enabled: { type: 'boolean' },
} as const;
export const SERVICE_CREATE_MEMBER = create(SERVICE_FIELDS, ['type']);
export const SERVICE_UPDATE_MEMBER = update(SERVICE_FIELDS);

const ENDPOINT_FIELDS = {
  interface: { type: 'string', enum: ['admin', 'internal', 'public'] },
  url: { type: 'string', minLength: 1 },
  service_id: { type: 'string', minLength: 1 },
  region_id: { type: ['string', 'null'] },
  region: { type: ['string', 'null'] },
  enabled: { type: 'boolean' },
} as const;
export const ENDPOINT_CREATE_MEMBER = create(ENDPOINT_FIELDS, ['interface', 'service_id', 'url']);
export const ENDPOINT_UPDATE_MEMBER = update(ENDPOINT_FIELDS);

const REGION_FIELDS = {
  id: { type: 'string', minLength: 1, maxLength: 255 },
  description: KEYSTONE_DESCRIPTION,
  parent_region_id: { type: ['string', 'null'] },
} as const;
export const REGION_CREATE_MEMBER = create(REGION_FIELDS, []);
export const REGION_UPDATE_MEMBER = update(REGION_FIELDS);

/** POST /v3/users/{id}/application_credentials (no free-form attributes). */
export const APPLICATION_CREDENTIAL_CREATE_MEMBER = {
  type: 'object',
  properties: {
    name: KEYSTONE_NAME,
    description: KEYSTONE_DESCRIPTION,
    secret: { type: ['string', 'null'] },
    expires_at: { type: ['string', 'null'] },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, name: { type: 'string' } },
        anyOf: [{ required: ['id'] }, { required: ['name'] }],
      },
    },
    unrestricted: { type: 'boolean' },
    access_rules: { type: 'array', items: { type: 'object' } },
  },
  required: ['name'],
  additionalProperties: false,
} as const;

export const USER_CREATE = keystoneBody('user', USER_CREATE_MEMBER);
export const USER_UPDATE = keystoneBody('user', USER_UPDATE_MEMBER);
export const USER_PASSWORD = keystoneBody('user', USER_PASSWORD_MEMBER);
export const PROJECT_CREATE = keystoneBody('project', PROJECT_CREATE_MEMBER);
export const PROJECT_UPDATE = keystoneBody('project', PROJECT_UPDATE_MEMBER);
export const DOMAIN_CREATE = keystoneBody('domain', DOMAIN_CREATE_MEMBER);
export const DOMAIN_UPDATE = keystoneBody('domain', DOMAIN_UPDATE_MEMBER);
export const ROLE_CREATE = keystoneBody('role', ROLE_CREATE_MEMBER);
export const ROLE_UPDATE = keystoneBody('role', ROLE_UPDATE_MEMBER);
export const GROUP_CREATE = keystoneBody('group', GROUP_CREATE_MEMBER);
export const GROUP_UPDATE = keystoneBody('group', GROUP_UPDATE_MEMBER);
export const CREDENTIAL_CREATE = keystoneBody('credential', CREDENTIAL_CREATE_MEMBER);
export const CREDENTIAL_UPDATE = keystoneBody('credential', CREDENTIAL_UPDATE_MEMBER);
export const SERVICE_CREATE = keystoneBody('service', SERVICE_CREATE_MEMBER);
export const SERVICE_UPDATE = keystoneBody('service', SERVICE_UPDATE_MEMBER);
export const ENDPOINT_CREATE = keystoneBody('endpoint', ENDPOINT_CREATE_MEMBER);
export const ENDPOINT_UPDATE = keystoneBody('endpoint', ENDPOINT_UPDATE_MEMBER);
export const REGION_CREATE = keystoneBody('region', REGION_CREATE_MEMBER);
export const REGION_UPDATE = keystoneBody('region', REGION_UPDATE_MEMBER);
export const APPLICATION_CREDENTIAL_CREATE = keystoneBody(
  'application_credential',
  APPLICATION_CREDENTIAL_CREATE_MEMBER,
);

export type UserCreate = FromSchema<typeof USER_CREATE_MEMBER>;
export type UserUpdate = FromSchema<typeof USER_UPDATE_MEMBER>;
export type UserPasswordChange = FromSchema<typeof USER_PASSWORD_MEMBER>;
export type ProjectCreate = FromSchema<typeof PROJECT_CREATE_MEMBER>;
export type ProjectUpdate = FromSchema<typeof PROJECT_UPDATE_MEMBER>;
export type DomainCreate = FromSchema<typeof DOMAIN_CREATE_MEMBER>;
export type DomainUpdate = FromSchema<typeof DOMAIN_UPDATE_MEMBER>;
export type RoleCreate = FromSchema<typeof ROLE_CREATE_MEMBER>;
export type RoleUpdate = FromSchema<typeof ROLE_UPDATE_MEMBER>;
export type GroupCreate = FromSchema<typeof GROUP_CREATE_MEMBER>;
export type GroupUpdate = FromSchema<typeof GROUP_UPDATE_MEMBER>;
export type CredentialCreate = FromSchema<typeof CREDENTIAL_CREATE_MEMBER>;
export type CredentialUpdate = FromSchema<typeof CREDENTIAL_UPDATE_MEMBER>;
export type Ec2CredentialCreate = FromSchema<typeof EC2_CREDENTIAL_CREATE>;
export type ServiceCreate = FromSchema<typeof SERVICE_CREATE_MEMBER>;
export type ServiceUpdate = FromSchema<typeof SERVICE_UPDATE_MEMBER>;
export type EndpointCreate = FromSchema<typeof ENDPOINT_CREATE_MEMBER>;
export type EndpointUpdate = FromSchema<typeof ENDPOINT_UPDATE_MEMBER>;
export type RegionCreate = FromSchema<typeof REGION_CREATE_MEMBER>;
export type RegionUpdate = FromSchema<typeof REGION_UPDATE_MEMBER>;
export type ApplicationCredentialCreate = FromSchema<typeof APPLICATION_CREDENTIAL_CREATE_MEMBER>;
