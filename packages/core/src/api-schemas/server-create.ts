/**
 * The body of POST /servers as Nova's `schemas/servers.py` defines it, one
 * schema per microversion that changed it, each made from the one before by
 * `changed` with just what that microversion changed: 2.19 adds
 * `description`, 2.32 device `tag`s on networks and BDMv2 (2.32 only on
 * BDMv2, 2.32-2.36 on networks), 2.37 makes `networks` required and admits
 * `auto`/`none`, 2.42 restores the device tags, 2.52 adds `tags`, 2.57
 * drops `personality`, 2.63 `trusted_image_certificates`, 2.67 BDMv2
 * `volume_type`, 2.74 `host` and `hypervisor_hostname`, 2.90 adds `hostname`.
 * nova-api validates with these objects and @novats/sdk derives its types
 * from them.
 */
import type { FromSchema } from './from-schema.js';
import { type MicroversionLike, type VariantAt, variantAt } from './microversion-range.js';
import { closed, derivedOnce } from './parameter-types.js';

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

/** Nova's `tag`: a device tag on networks and BDMv2, and a server tag (2.52). */
const TAG = { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^,/]*$' } as const;

const NETWORK = {
  uuid: { type: 'string' },
  port: { type: ['string', 'null'] },
  fixed_ip: { type: 'string' },
} as const;
/** A list of objects with these properties and no others (networks, BDMv2). */
const objectList = <P>(properties: P) =>
  ({ type: 'array', items: { type: 'object', properties, additionalProperties: false } }) as const;

/** A list of networks (2.1); with device tags (2.32 to 2.36). */
const NETWORKS_V2_1 = objectList(NETWORK);
const NETWORKS_V2_32 = objectList({ ...NETWORK, tag: TAG });
/** From 2.37 `auto`/`none` besides a list: without tags until 2.41, with them from 2.42. */
const autoOrNoneOr = <L>(list: L) => ({ anyOf: [{ type: 'string', enum: ['auto', 'none'] }, list] }) as const;
const NETWORKS_V2_37 = autoOrNoneOr(NETWORKS_V2_1);
const NETWORKS_V2_42 = autoOrNoneOr(NETWORKS_V2_32);

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
/**
 * BDMv2: `tag` at 2.32 only (NOTE(nova): its 2.32 check was written
 * "== 2.32"), again from 2.42; `volume_type` from 2.67.
 */
const BDM_V2_1 = objectList(BDM_V2);
const BDM_V2_32 = objectList({ ...BDM_V2, tag: TAG });
const BDM_V2_67 = objectList({
  ...BDM_V2,
  tag: TAG,
  volume_type: { type: ['string', 'null'], maxLength: 255 },
});

/** The properties of the 2.1 body; each later variant changes some (see `changed`). */
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
  /** Until 2.56. */
  personality: { type: 'array' },
  networks: NETWORKS_V2_1,
  block_device_mapping_v2: BDM_V2_1,
} as const;

export const SERVER_DESCRIPTION = { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] } as const;
export const SERVER_HOSTNAME = { type: 'string', minLength: 1, maxLength: 255 } as const;
/** Server tags at create (2.52). */
export const SERVER_TAGS = {
  type: 'array',
  items: TAG,
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

/** A `server` object schema (`closed`): its properties and which of them are required. */
type ServerSchema<P, R extends readonly string[]> = ReturnType<typeof closed<P, R>>;

/**
 * What one microversion changed in the body: properties it adds or
 * replaces (`set`), ones it removes (`drop`), and the required list when
 * that changed.
 */
interface BodyChange<S, K, R> {
  readonly set?: S;
  readonly drop?: readonly K[];
  readonly required?: R;
}

/** The schema of the microversion that made `change` to `previous`. */
function changed<
  P,
  R extends readonly string[],
  S extends object = {},
  K extends keyof P = never,
  R2 extends readonly string[] = R,
>(previous: ServerSchema<P, R>, change: BodyChange<S, K, R2>): ServerSchema<Omit<P, K | keyof S> & S, R2> {
  const properties = { ...previous.properties, ...change.set } as Record<PropertyKey, unknown>;
  for (const key of change.drop ?? []) delete properties[key];
  return closed(
    properties as Omit<P, K | keyof S> & S,
    change.required ?? (previous.required as unknown as R2),
  );
}

export const SERVER_CREATE_V2_1 = closed(SERVER_CREATE_PROPERTIES, ['name', 'flavorRef'] as const);
export const SERVER_CREATE_V2_19 = changed(SERVER_CREATE_V2_1, { set: { description: SERVER_DESCRIPTION } });
export const SERVER_CREATE_V2_32 = changed(SERVER_CREATE_V2_19, {
  set: { networks: NETWORKS_V2_32, block_device_mapping_v2: BDM_V2_32 },
});
export const SERVER_CREATE_V2_33 = changed(SERVER_CREATE_V2_32, {
  set: { block_device_mapping_v2: BDM_V2_1 },
});
export const SERVER_CREATE_V2_37 = changed(SERVER_CREATE_V2_33, {
  set: { networks: NETWORKS_V2_37 },
  required: ['name', 'flavorRef', 'networks'] as const,
});
export const SERVER_CREATE_V2_42 = changed(SERVER_CREATE_V2_37, {
  set: { networks: NETWORKS_V2_42, block_device_mapping_v2: BDM_V2_32 },
});
export const SERVER_CREATE_V2_52 = changed(SERVER_CREATE_V2_42, { set: { tags: SERVER_TAGS } });
export const SERVER_CREATE_V2_57 = changed(SERVER_CREATE_V2_52, { drop: ['personality'] });
export const SERVER_CREATE_V2_63 = changed(SERVER_CREATE_V2_57, {
  set: { trusted_image_certificates: SERVER_TRUSTED_CERTS },
});
export const SERVER_CREATE_V2_67 = changed(SERVER_CREATE_V2_63, {
  set: { block_device_mapping_v2: BDM_V2_67 },
});
/** Nova's `parameter_types.fqdn`: a host or node name (underscores allowed). */
const FQDN = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' } as const;

export const SERVER_CREATE_V2_74 = changed(SERVER_CREATE_V2_67, {
  set: { host: FQDN, hypervisor_hostname: FQDN },
});
export const SERVER_CREATE_V2_90 = changed(SERVER_CREATE_V2_74, { set: { hostname: SERVER_HOSTNAME } });

/** Each variant with the microversion it starts at, newest first. */
const SERVER_CREATE_VARIANTS = [
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
  [1, SERVER_CREATE_V2_1],
] as const;

/** The `server` object's schema at microversion V. */
export type ServerCreateSchema<V extends string> = VariantAt<V, typeof SERVER_CREATE_VARIANTS>;

/** What `{"server": ...}` of POST /servers may hold at microversion V. */
export type ServerCreate<V extends string> = FromSchema<ServerCreateSchema<V>>;

export function serverCreateSchemaFor(version: MicroversionLike): object {
  return variantAt(version, SERVER_CREATE_VARIANTS) ?? SERVER_CREATE_V2_1;
}

const body = derivedOnce((server: object): object => ({
  type: 'object',
  properties: {
    server,
    'os:scheduler_hints': { type: 'object' },
    'OS-SCH-HNT:scheduler_hints': { type: 'object' },
  },
  required: ['server'],
  additionalProperties: false,
}));

/** The whole request body: `{"server": {...}}` (one object per variant, so validators compiled once are reused). */
export function serverCreateBodySchemaFor(version: MicroversionLike): object {
  return body(serverCreateSchemaFor(version));
}
