/**
 * The body of POST /servers as Nova's `schemas/servers.py` defines it, one
 * `as const` schema per microversion that changed it: 2.19 adds
 * `description`, 2.37 makes `networks` required, 2.52 adds `tags`, 2.63
 * `trusted_image_certificates`, 2.90 adds `hostname`.
 * nova-api validates with these objects and @novats/sdk derives its types
 * from them.
 */
import type { FromSchema } from './from-schema.js';
import { type AtLeast, atLeast, type MicroversionLike } from './microversion-range.js';

const name = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^(?![\\s])[\\s\\S]*(?<![\\s])$',
} as const;
const ref = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 255 },
    { type: 'integer', minimum: 0 },
  ],
} as const;
const count = {
  anyOf: [
    { type: 'integer', minimum: 1 },
    { type: 'string', pattern: '^[0-9]*[1-9][0-9]*$' },
  ],
} as const;

export const SERVER_CREATE_PROPERTIES = {
  name,
  imageRef: { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] },
  flavorRef: ref,
  adminPass: { type: 'string' },
  metadata: {
    type: 'object',
    patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
    additionalProperties: false,
  },
  networks: {
    anyOf: [
      { type: 'string', enum: ['auto', 'none'] },
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            uuid: { type: 'string' },
            port: { type: ['string', 'null'] },
            fixed_ip: { type: 'string' },
            tag: { type: 'string' },
          },
          additionalProperties: false,
        },
      },
    ],
  },
  'OS-DCF:diskConfig': { type: 'string', enum: ['AUTO', 'MANUAL'] },
  accessIPv4: { type: 'string', pattern: '^(\\d{1,3}\\.){3}\\d{1,3}$' },
  accessIPv6: { type: 'string' },
  availability_zone: { type: 'string', minLength: 1, maxLength: 255 },
  key_name: { type: 'string', minLength: 1, maxLength: 255 },
  min_count: count,
  max_count: count,
  return_reservation_id: { type: ['boolean', 'string'] },
  security_groups: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
  user_data: { type: 'string', maxLength: 65535 },
  config_drive: { type: ['boolean', 'string'] },
  personality: { type: 'array' },
  block_device_mapping: { type: 'array' },
  block_device_mapping_v2: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        source_type: { type: 'string', enum: ['volume', 'image', 'snapshot', 'blank'] },
        destination_type: { type: 'string', enum: ['local', 'volume'] },
        uuid: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9._-]*$' },
        image_id: { type: 'string' },
        volume_id: { type: 'string' },
        snapshot_id: { type: 'string' },
        volume_size: {
          anyOf: [
            { type: 'integer', minimum: 1 },
            { type: 'string', pattern: '^[0-9]+$' },
          ],
        },
        boot_index: {
          anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }, { type: 'null' }],
        },
        delete_on_termination: { type: ['boolean', 'string'] },
        device_name: { type: 'string', minLength: 1, maxLength: 255 },
        guest_format: { type: 'string', maxLength: 255 },
        disk_bus: { type: 'string', maxLength: 255 },
        device_type: { type: 'string', maxLength: 255 },
        no_device: {},
        volume_type: { type: ['string', 'null'], maxLength: 255 },
        tag: { type: 'string', maxLength: 60, pattern: '^[^,/]*$' },
      },
      additionalProperties: false,
    },
  },
} as const;

export const SERVER_DESCRIPTION = { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] } as const;
export const SERVER_HOSTNAME = { type: 'string', minLength: 1, maxLength: 255 } as const;
/** Server tags at create (2.52). */
export const SERVER_TAGS = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' },
  maxItems: 50,
} as const;
/** Trusted image certificate ids (2.63). */
export const SERVER_TRUSTED_CERTS = {
  anyOf: [
    {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
    },
    { type: 'null' },
  ],
} as const;

const server = <P, R extends readonly string[]>(props: P, required: R) =>
  ({ type: 'object', properties: props, required, additionalProperties: false }) as const;

export const SERVER_CREATE_V2_1 = server(SERVER_CREATE_PROPERTIES, ['name', 'flavorRef'] as const);
export const SERVER_CREATE_V2_19 = server({ ...SERVER_CREATE_PROPERTIES, description: SERVER_DESCRIPTION }, [
  'name',
  'flavorRef',
] as const);
export const SERVER_CREATE_V2_37 = server({ ...SERVER_CREATE_PROPERTIES, description: SERVER_DESCRIPTION }, [
  'name',
  'flavorRef',
  'networks',
] as const);
export const SERVER_CREATE_V2_52 = server(
  { ...SERVER_CREATE_PROPERTIES, description: SERVER_DESCRIPTION, tags: SERVER_TAGS },
  ['name', 'flavorRef', 'networks'] as const,
);
export const SERVER_CREATE_V2_63 = server(
  {
    ...SERVER_CREATE_PROPERTIES,
    description: SERVER_DESCRIPTION,
    tags: SERVER_TAGS,
    trusted_image_certificates: SERVER_TRUSTED_CERTS,
  },
  ['name', 'flavorRef', 'networks'] as const,
);
export const SERVER_CREATE_V2_90 = server(
  {
    ...SERVER_CREATE_PROPERTIES,
    description: SERVER_DESCRIPTION,
    tags: SERVER_TAGS,
    trusted_image_certificates: SERVER_TRUSTED_CERTS,
    hostname: SERVER_HOSTNAME,
  },
  ['name', 'flavorRef', 'networks'] as const,
);

/** The `server` object's schema at microversion V. */
export type ServerCreateSchema<V extends string> =
  AtLeast<V, 90> extends true
    ? typeof SERVER_CREATE_V2_90
    : AtLeast<V, 63> extends true
      ? typeof SERVER_CREATE_V2_63
      : AtLeast<V, 52> extends true
        ? typeof SERVER_CREATE_V2_52
        : AtLeast<V, 37> extends true
          ? typeof SERVER_CREATE_V2_37
          : AtLeast<V, 19> extends true
            ? typeof SERVER_CREATE_V2_19
            : typeof SERVER_CREATE_V2_1;

/** What `{"server": ...}` of POST /servers may hold at microversion V. */
export type ServerCreate<V extends string> = FromSchema<ServerCreateSchema<V>>;

export function serverCreateSchemaFor(version: MicroversionLike): object {
  if (atLeast(version, 90)) return SERVER_CREATE_V2_90;
  if (atLeast(version, 63)) return SERVER_CREATE_V2_63;
  if (atLeast(version, 52)) return SERVER_CREATE_V2_52;
  if (atLeast(version, 37)) return SERVER_CREATE_V2_37;
  if (atLeast(version, 19)) return SERVER_CREATE_V2_19;
  return SERVER_CREATE_V2_1;
}

const bodies = new Map<object, object>();

/** The whole request body: `{"server": {...}}` (one object per variant, so validators compiled once are reused). */
export function serverCreateBodySchemaFor(version: MicroversionLike): object {
  const server = serverCreateSchemaFor(version);
  let body = bodies.get(server);
  if (!body) {
    body = {
      type: 'object',
      properties: {
        server,
        'os:scheduler_hints': { type: 'object' },
        'OS-SCH-HNT:scheduler_hints': { type: 'object' },
      },
      required: ['server'],
      additionalProperties: false,
    };
    bodies.set(server, body);
  }
  return body;
}
