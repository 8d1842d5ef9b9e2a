/**
 * The rebuild action's body (Nova's `schemas/servers.py` rebuild and its
 * microversion copies): 2.19 adds `description`, 2.54 `key_name`, 2.57
 * drops `personality` for `user_data`, 2.63 adds
 * `trusted_image_certificates`, 2.90 `hostname`.
 */
import type { AtLeast, MicroversionLike } from './microversion-range.js';
import { atLeast } from './microversion-range.js';
import {
  ADMIN_PASSWORD,
  closed,
  DESCRIPTION,
  DISK_CONFIG,
  METADATA,
  NAME,
  wrapped,
} from './parameter-types.js';

const BASE = {
  imageRef: { type: 'string', minLength: 1 },
  name: NAME,
  adminPass: ADMIN_PASSWORD,
  metadata: METADATA,
  preserve_ephemeral: { type: 'boolean' },
  'OS-DCF:diskConfig': DISK_CONFIG,
  accessIPv4: { type: 'string' },
  accessIPv6: { type: 'string' },
} as const;
const PERSONALITY = { personality: { type: 'array' } } as const;
const V2_19 = { description: DESCRIPTION } as const;
const V2_54 = { key_name: { anyOf: [{ type: 'string' }, { type: 'null' }] } } as const;
const V2_57 = { user_data: { anyOf: [{ type: 'string' }, { type: 'null' }] } } as const;
const V2_63 = { trusted_image_certificates: { anyOf: [{ type: 'array' }, { type: 'null' }] } } as const;
const V2_90 = { hostname: { type: 'string', minLength: 1, maxLength: 255 } } as const;

type If<C, T> = C extends true ? T : unknown;

/** The properties of `rebuild` at microversion V. */
export type RebuildProperties<V extends string> = typeof BASE &
  (AtLeast<V, 57> extends true ? unknown : typeof PERSONALITY) &
  If<AtLeast<V, 19>, typeof V2_19> &
  If<AtLeast<V, 54>, typeof V2_54> &
  If<AtLeast<V, 57>, typeof V2_57> &
  If<AtLeast<V, 63>, typeof V2_63> &
  If<AtLeast<V, 90>, typeof V2_90>;

/** The whole `{"rebuild": {...}}` schema at microversion V. */
export type RebuildSchema<V extends string> = {
  type: 'object';
  properties: {
    rebuild: {
      type: 'object';
      properties: RebuildProperties<V>;
      required: readonly ['imageRef'];
      additionalProperties: false;
    };
  };
  required: readonly ['rebuild'];
  additionalProperties: false;
};

const cache = new Map<string, object>();

/** The rebuild body's schema at a microversion (one object per version, so validators compile once). */
export function rebuildSchemaFor(v: MicroversionLike): object {
  const key = String(v);
  let schema = cache.get(key);
  if (!schema) {
    const properties = {
      ...BASE,
      ...(atLeast(v, 57) ? {} : PERSONALITY),
      ...(atLeast(v, 19) ? V2_19 : {}),
      ...(atLeast(v, 54) ? V2_54 : {}),
      ...(atLeast(v, 57) ? V2_57 : {}),
      ...(atLeast(v, 63) ? V2_63 : {}),
      ...(atLeast(v, 90) ? V2_90 : {}),
    };
    schema = wrapped('rebuild', closed(properties, ['imageRef'] as const));
    cache.set(key, schema);
  }
  return schema;
}
