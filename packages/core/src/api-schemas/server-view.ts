/**
 * What nova-api answers for one server (GET /servers/{id}, /servers/detail)
 * at 2.1, and the fields later microversions add. The SDK derives its
 * response types from it; the SDK's tests check real answers against it.
 */
import type { FromSchema } from './from-schema.js';
import type { AtLeast } from './microversion-range.js';

const link = {
  type: 'object',
  properties: { rel: { type: 'string' }, href: { type: 'string' } },
  required: ['rel', 'href'],
} as const;
const ref = {
  type: 'object',
  properties: { id: { type: 'string' }, links: { type: 'array', items: link } },
} as const;

export const SERVER_VIEW_V2_1 = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { type: 'string' },
    tenant_id: { type: 'string' },
    user_id: { type: 'string' },
    created: { type: 'string' },
    updated: { type: 'string' },
    hostId: { type: 'string' },
    progress: { type: 'integer' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    addresses: { type: 'object' },
    links: { type: 'array', items: link },
    flavor: { type: 'object' },
    image: { anyOf: [ref, { type: 'string' }] },
    fault: {
      type: 'object',
      properties: {
        code: { type: 'integer' },
        message: { type: 'string' },
        created: { type: 'string' },
        details: { type: 'string' },
      },
      required: ['code', 'message'],
    },
    'OS-EXT-STS:vm_state': { type: 'string' },
    'OS-EXT-STS:task_state': { type: ['string', 'null'] },
    'OS-EXT-STS:power_state': { type: 'integer' },
    'OS-EXT-SRV-ATTR:host': { type: ['string', 'null'] },
    'OS-EXT-AZ:availability_zone': { type: 'string' },
  },
  required: ['id', 'name', 'status', 'tenant_id', 'user_id', 'created', 'updated', 'links'],
} as const;

/** A server as nova-api shows it at microversion V (2.19+: `description`). */
export type ServerView<V extends string> = FromSchema<typeof SERVER_VIEW_V2_1> &
  (AtLeast<V, 19> extends true ? { description: string | null } : unknown);

/** The answer of POST /servers: `{"server": ...}` with the new id and, unless disabled, its admin password. */
export const SERVER_CREATED_VIEW = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    links: { type: 'array', items: link },
    adminPass: { type: 'string' },
    'OS-DCF:diskConfig': { type: 'string' },
    security_groups: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
  },
  required: ['id', 'links'],
} as const;

export type ServerCreated = FromSchema<typeof SERVER_CREATED_VIEW>;
