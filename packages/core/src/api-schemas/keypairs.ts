/**
 * POST /os-keypairs (Nova's `schemas/keypairs.py`): `type` from 2.2,
 * `user_id` (admins) from 2.10; from 2.92 the public key is required and
 * names may hold `@` and `.`. And a key pair as the API shows it.
 */
import type { FromSchema } from './from-schema.js';
import { type AtLeast, type MicroversionLike, type VariantAt, variantAt } from './microversion-range.js';
import { closed, wrapped } from './parameter-types.js';

const name = <P extends string>(pattern: P) =>
  ({ type: 'string', minLength: 1, maxLength: 255, pattern }) as const;
const OLD_NAME = name('^[a-zA-Z0-9 _-]+$');
const TYPE = { type: { type: 'string', enum: ['ssh', 'x509'] } } as const;
const USER = { user_id: { type: 'string' } } as const;
const KEY = { public_key: { type: 'string' } } as const;

export const KEYPAIR_CREATE_V2_1 = wrapped('keypair', closed({ name: OLD_NAME, ...KEY }, ['name'] as const));
export const KEYPAIR_CREATE_V2_2 = wrapped(
  'keypair',
  closed({ name: OLD_NAME, ...KEY, ...TYPE }, ['name'] as const),
);
export const KEYPAIR_CREATE_V2_10 = wrapped(
  'keypair',
  closed({ name: OLD_NAME, ...KEY, ...TYPE, ...USER }, ['name'] as const),
);
export const KEYPAIR_CREATE_V2_92 = wrapped(
  'keypair',
  closed({ name: name('^[a-zA-Z0-9 @._-]+$'), ...KEY, ...TYPE, ...USER }, ['name', 'public_key'] as const),
);

const KEYPAIR_CREATE_VARIANTS = [
  [92, KEYPAIR_CREATE_V2_92],
  [10, KEYPAIR_CREATE_V2_10],
  [2, KEYPAIR_CREATE_V2_2],
  [1, KEYPAIR_CREATE_V2_1],
] as const;

export function keypairCreateSchemaFor(v: MicroversionLike) {
  return variantAt(v, KEYPAIR_CREATE_VARIANTS) ?? KEYPAIR_CREATE_V2_1;
}

/** What `{"keypair": ...}` of POST /os-keypairs may hold at microversion V. */
export type KeypairCreate<V extends string> = FromSchema<
  VariantAt<V, typeof KEYPAIR_CREATE_VARIANTS>
>['keypair'];

/** A key pair in GET /os-keypairs (each `{"keypair": ...}`) and POST /os-keypairs. */
export const KEYPAIR_VIEW_V2_1 = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    public_key: { type: 'string' },
    fingerprint: { type: 'string' },
    user_id: { type: 'string' },
    private_key: { type: 'string' },
  },
  required: ['name', 'public_key', 'fingerprint'],
} as const;

/** A key pair at microversion V (2.2+: `type`). POST answers `user_id`, and `private_key` when it generated one. */
export type KeypairView<V extends string> = FromSchema<typeof KEYPAIR_VIEW_V2_1> &
  (AtLeast<V, 2> extends true ? { type: 'ssh' | 'x509' } : unknown);
