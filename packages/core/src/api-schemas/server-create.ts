/**
 * The body of POST /servers as Nova's `schemas/servers.py` defines it, one
 * `as const` schema per microversion that changed it: 2.19 adds
 * `description`, 2.32 device `tag`s on networks and BDMv2 (2.32 only on
 * BDMv2, 2.32-2.36 on networks), 2.37 makes `networks` required and admits
 * `auto`/`none`, 2.42 restores the device tags, 2.52 adds `tags`, 2.57
 * drops `personality`, 2.63 `trusted_image_certificates`, 2.67 BDMv2
 * `volume_type`, 2.74 `host` and `hypervisor_hostname`, 2.90 adds `hostname`.
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

/** Nova's `tag` (device tags on networks and BDMv2). */
const TAG = { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' } as const;

const NETWORK = {
  uuid: { type: 'string' },
  port: { type: ['string', 'null'] },
  fixed_ip: { type: 'string' },
} as const;
const networkList = <P>(properties: P) =>
  ({ type: 'array', items: { type: 'object', properties, additionalProperties: false } }) as const;
/** A list of networks (2.1); with device tags (2.32 to 2.36). */
const NETWORKS_V2_1 = networkList(NETWORK);
const NETWORKS_V2_32 = networkList({ ...NETWORK, tag: TAG });
/** From 2.37 `auto`/`none` besides a list: without tags until 2.41, with them from 2.42. */
const NETWORKS_V2_37 = { anyOf: [{ type: 'string', enum: ['auto', 'none'] }, NETWORKS_V2_1] } as const;
const NETWORKS_V2_42 = { anyOf: [{ type: 'string', enum: ['auto', 'none'] }, NETWORKS_V2_32] } as const;

const BDM_V2 = {
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
} as const;
const bdmList = <P>(properties: P) =>
  ({ type: 'array', items: { type: 'object', properties, additionalProperties: false } }) as const;
/**
 * BDMv2: `tag` at 2.32 only (NOTE(nova): its 2.32 check was written
 * "== 2.32"), again from 2.42; `volume_type` from 2.67.
 */
const BDM_V2_1 = bdmList(BDM_V2);
const BDM_V2_32 = bdmList({ ...BDM_V2, tag: TAG });
const BDM_V2_67 = bdmList({ ...BDM_V2, tag: TAG, volume_type: { type: ['string', 'null'], maxLength: 255 } });

/** What every variant has; `networks`, BDMv2 and `personality` vary. */
const BASE = {
  name,
  imageRef: { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] },
  flavorRef: ref,
  adminPass: { type: 'string' },
  metadata: {
    type: 'object',
    patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
    additionalProperties: false,
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
  block_device_mapping: { type: 'array' },
} as const;
/** `personality` until 2.56. */
const PERSONALITY = { personality: { type: 'array' } } as const;

/** The properties of the 2.1 body. */
export const SERVER_CREATE_PROPERTIES = {
  ...BASE,
  ...PERSONALITY,
  networks: NETWORKS_V2_1,
  block_device_mapping_v2: BDM_V2_1,
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

const NF = ['name', 'flavorRef'] as const;
const NFN = ['name', 'flavorRef', 'networks'] as const;
const D = { description: SERVER_DESCRIPTION } as const;

export const SERVER_CREATE_V2_1 = server(SERVER_CREATE_PROPERTIES, NF);
export const SERVER_CREATE_V2_19 = server({ ...SERVER_CREATE_PROPERTIES, ...D }, NF);
export const SERVER_CREATE_V2_32 = server(
  { ...BASE, ...PERSONALITY, ...D, networks: NETWORKS_V2_32, block_device_mapping_v2: BDM_V2_32 },
  NF,
);
export const SERVER_CREATE_V2_33 = server(
  { ...BASE, ...PERSONALITY, ...D, networks: NETWORKS_V2_32, block_device_mapping_v2: BDM_V2_1 },
  NF,
);
export const SERVER_CREATE_V2_37 = server(
  { ...BASE, ...PERSONALITY, ...D, networks: NETWORKS_V2_37, block_device_mapping_v2: BDM_V2_1 },
  NFN,
);
export const SERVER_CREATE_V2_42 = server(
  { ...BASE, ...PERSONALITY, ...D, networks: NETWORKS_V2_42, block_device_mapping_v2: BDM_V2_32 },
  NFN,
);
export const SERVER_CREATE_V2_52 = server(
  {
    ...BASE,
    ...PERSONALITY,
    ...D,
    networks: NETWORKS_V2_42,
    block_device_mapping_v2: BDM_V2_32,
    tags: SERVER_TAGS,
  },
  NFN,
);
export const SERVER_CREATE_V2_57 = server(
  { ...BASE, ...D, networks: NETWORKS_V2_42, block_device_mapping_v2: BDM_V2_32, tags: SERVER_TAGS },
  NFN,
);
export const SERVER_CREATE_V2_63 = server(
  {
    ...BASE,
    ...D,
    networks: NETWORKS_V2_42,
    block_device_mapping_v2: BDM_V2_32,
    tags: SERVER_TAGS,
    trusted_image_certificates: SERVER_TRUSTED_CERTS,
  },
  NFN,
);
export const SERVER_CREATE_V2_67 = server(
  {
    ...BASE,
    ...D,
    networks: NETWORKS_V2_42,
    block_device_mapping_v2: BDM_V2_67,
    tags: SERVER_TAGS,
    trusted_image_certificates: SERVER_TRUSTED_CERTS,
  },
  NFN,
);
/** Nova's `parameter_types.fqdn`: a host or node name (underscores allowed). */
const FQDN = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' } as const;

export const SERVER_CREATE_V2_74 = server(
  {
    ...BASE,
    ...D,
    networks: NETWORKS_V2_42,
    block_device_mapping_v2: BDM_V2_67,
    tags: SERVER_TAGS,
    trusted_image_certificates: SERVER_TRUSTED_CERTS,
    host: FQDN,
    hypervisor_hostname: FQDN,
  },
  NFN,
);
export const SERVER_CREATE_V2_90 = server(
  {
    ...BASE,
    ...D,
    networks: NETWORKS_V2_42,
    block_device_mapping_v2: BDM_V2_67,
    tags: SERVER_TAGS,
    trusted_image_certificates: SERVER_TRUSTED_CERTS,
    host: FQDN,
    hypervisor_hostname: FQDN,
    hostname: SERVER_HOSTNAME,
  },
  NFN,
);

/** The `server` object's schema at microversion V. */
export type ServerCreateSchema<V extends string> =
  AtLeast<V, 90> extends true
    ? typeof SERVER_CREATE_V2_90
    : AtLeast<V, 74> extends true
      ? typeof SERVER_CREATE_V2_74
      : AtLeast<V, 67> extends true
        ? typeof SERVER_CREATE_V2_67
        : AtLeast<V, 63> extends true
          ? typeof SERVER_CREATE_V2_63
          : AtLeast<V, 57> extends true
            ? typeof SERVER_CREATE_V2_57
            : AtLeast<V, 52> extends true
              ? typeof SERVER_CREATE_V2_52
              : AtLeast<V, 42> extends true
                ? typeof SERVER_CREATE_V2_42
                : AtLeast<V, 37> extends true
                  ? typeof SERVER_CREATE_V2_37
                  : AtLeast<V, 33> extends true
                    ? typeof SERVER_CREATE_V2_33
                    : AtLeast<V, 32> extends true
                      ? typeof SERVER_CREATE_V2_32
                      : AtLeast<V, 19> extends true
                        ? typeof SERVER_CREATE_V2_19
                        : typeof SERVER_CREATE_V2_1;

/** What `{"server": ...}` of POST /servers may hold at microversion V. */
export type ServerCreate<V extends string> = FromSchema<ServerCreateSchema<V>>;

export function serverCreateSchemaFor(version: MicroversionLike): object {
  const variants: readonly [number, object][] = [
    [90, SERVER_CREATE_V2_90],
    [74, SERVER_CREATE_V2_74],
    [67, SERVER_CREATE_V2_67],
    [63, SERVER_CREATE_V2_63],
    [57, SERVER_CREATE_V2_57],
    [52, SERVER_CREATE_V2_52],
    [42, SERVER_CREATE_V2_42],
    [37, SERVER_CREATE_V2_37],
    [33, SERVER_CREATE_V2_33],
    [32, SERVER_CREATE_V2_32],
    [19, SERVER_CREATE_V2_19],
  ];
  return variants.find(([minor]) => atLeast(version, minor))?.[1] ?? SERVER_CREATE_V2_1;
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
