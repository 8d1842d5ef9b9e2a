/**
 * POST /flavors and PUT /flavors/{id} (Nova's `schemas/flavor_manage.py`:
 * `description` from 2.55, when flavors also become updatable) and the
 * flavor as GET /flavors/detail shows it (the SDK's response type).
 */
import type { FromSchema } from './from-schema.js';
import { type AtLeast, atLeast, type MicroversionLike } from './microversion-range.js';
import { closed, NAME, wrapped } from './parameter-types.js';

const int = <M extends number>(minimum: M) =>
  ({
    anyOf: [
      { type: 'integer', minimum },
      { type: 'string', pattern: '^[0-9]+$' },
    ],
  }) as const;

const PROPERTIES = {
  name: NAME,
  id: {
    anyOf: [
      { type: 'string', minLength: 1, maxLength: 255, pattern: '^(?! )[a-zA-Z0-9. _-]+(?<! )$' },
      { type: 'null' },
    ],
  },
  ram: int(1),
  vcpus: int(1),
  disk: int(0),
  'OS-FLV-EXT-DATA:ephemeral': int(0),
  swap: int(0),
  rxtx_factor: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string' }] },
  'os-flavor-access:is_public': { type: 'boolean' },
} as const;
const FLAVOR_DESCRIPTION = { anyOf: [{ type: 'string', maxLength: 65535 }, { type: 'null' }] } as const;
const REQUIRED = ['name', 'ram', 'vcpus', 'disk'] as const;

export const FLAVOR_CREATE_V2_1 = wrapped('flavor', closed(PROPERTIES, REQUIRED));
export const FLAVOR_CREATE_V2_55 = wrapped(
  'flavor',
  closed({ ...PROPERTIES, description: FLAVOR_DESCRIPTION }, REQUIRED),
);
export const FLAVOR_UPDATE_V2_55 = wrapped(
  'flavor',
  closed({ description: FLAVOR_DESCRIPTION }, ['description'] as const),
);

export function flavorCreateSchemaFor(v: MicroversionLike) {
  return atLeast(v, 55) ? FLAVOR_CREATE_V2_55 : FLAVOR_CREATE_V2_1;
}

/** What `{"flavor": ...}` of POST /flavors may hold at microversion V. */
export type FlavorCreate<V extends string> = FromSchema<
  AtLeast<V, 55> extends true ? typeof FLAVOR_CREATE_V2_55 : typeof FLAVOR_CREATE_V2_1
>['flavor'];

const link = {
  type: 'object',
  properties: { rel: { type: 'string' }, href: { type: 'string' } },
  required: ['rel', 'href'],
} as const;

/** A flavor in GET /flavors/detail, POST /flavors and GET /flavors/{id} (2.1). */
export const FLAVOR_VIEW_V2_1 = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    ram: { type: 'integer' },
    disk: { type: 'integer' },
    vcpus: { type: 'integer' },
    // NOTE(nova): swap is "" when 0 until 2.75.
    swap: { type: ['integer', 'string'] },
    'OS-FLV-EXT-DATA:ephemeral': { type: 'integer' },
    'OS-FLV-DISABLED:disabled': { type: 'boolean' },
    'os-flavor-access:is_public': { type: 'boolean' },
    rxtx_factor: { type: 'number' },
    links: { type: 'array', items: link },
  },
  required: ['id', 'name', 'ram', 'disk', 'vcpus', 'swap', 'links'],
} as const;

/** A flavor at microversion V (2.55+: `description`, 2.61+: `extra_specs`, 2.75+: swap a number). */
export type FlavorView<V extends string> = Omit<FromSchema<typeof FLAVOR_VIEW_V2_1>, 'swap'> &
  (AtLeast<V, 75> extends true ? { swap: number } : { swap: number | '' }) &
  (AtLeast<V, 55> extends true ? { description: string | null } : unknown) &
  (AtLeast<V, 61> extends true ? { extra_specs?: Record<string, string> } : unknown);
