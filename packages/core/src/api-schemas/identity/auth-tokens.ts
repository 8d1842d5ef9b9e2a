/**
 * POST /v3/auth/tokens: the `auth` object (keystone/auth/schema.py's
 * token_issue, with the password, token and application_credential
 * methods' members; what a member lacks is a 401, not a 400, as there) and the whole body the SDK sends. `scope` is a
 * project, a domain, the system, or the string `unscoped`.
 */
import type { FromSchema } from '../from-schema.js';

const NAMED = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' } },
} as const;

const USER_REF = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, domain: NAMED },
} as const;

const PASSWORD_METHOD = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: { ...USER_REF.properties, password: { type: 'string' } },
    },
  },
} as const;

const TOKEN_METHOD = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const;

const APPLICATION_CREDENTIAL_METHOD = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    secret: { type: 'string' },
    user: USER_REF,
  },
} as const;

export const AUTH_SCOPE = {
  type: ['object', 'string'],
  properties: {
    project: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, domain: NAMED },
    },
    domain: NAMED,
    system: { type: 'object', properties: { all: { type: 'boolean' } } },
    'OS-TRUST:trust': { type: 'object', properties: { id: { type: 'string' } } },
  },
} as const;

/** The `auth` member of POST /v3/auth/tokens. */
export const AUTH_REQUEST = {
  type: 'object',
  properties: {
    identity: {
      type: 'object',
      properties: {
        methods: {
          type: 'array',
          // NOTE(methods): any name; one this service does not know is a 401, as Keystone answers.
          items: { type: 'string' },
          minItems: 1,
        },
        password: PASSWORD_METHOD,
        token: TOKEN_METHOD,
        application_credential: APPLICATION_CREDENTIAL_METHOD,
      },
      required: ['methods'],
    },
    scope: AUTH_SCOPE,
  },
  required: ['identity'],
} as const;

/** The whole body: `{"auth": {...}}`. */
export const AUTH_TOKENS_CREATE = {
  type: 'object',
  properties: { auth: AUTH_REQUEST },
  required: ['auth'],
} as const;

export type AuthRequest = FromSchema<typeof AUTH_REQUEST>;
export type AuthScope = FromSchema<typeof AUTH_SCOPE>;
export type AuthTokensCreate = FromSchema<typeof AUTH_TOKENS_CREATE>;
