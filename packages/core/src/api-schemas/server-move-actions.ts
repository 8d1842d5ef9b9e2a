/**
 * Request bodies of the server actions that move a server or change with
 * the microversion: lock (a reason from 2.73), migrate (a host from 2.56),
 * os-migrateLive (2.25 drops disk_over_commit and allows `auto`, 2.30-2.67
 * `force`), evacuate (2.14 drops onSharedStorage, 2.29-2.67 `force`) and
 * unshelve (an availability zone from 2.77, a host from 2.91). Each
 * `*For(version)` answers undefined where Nova does not validate the body.
 */
import {
  type AtLeast,
  atLeast,
  type MicroversionLike,
  type VariantAt,
  variantAt,
} from './microversion-range.js';
import { ADMIN_PASSWORD, BOOL_LIKE, closed, closedOrNull, HOST, wrapped } from './parameter-types.js';

export const LOCK_V2_73 = wrapped(
  'lock',
  closedOrNull({ locked_reason: { type: 'string', minLength: 1, maxLength: 255 } } as const),
);

export const MIGRATE_V2_56 = wrapped(
  'migrate',
  closedOrNull({ host: { anyOf: [HOST, { type: 'null' }] } } as const),
);

const liveHost = { anyOf: [HOST, { type: 'null' }] } as const;
const AUTO_OR_BOOL = { anyOf: [BOOL_LIKE, { type: 'string', enum: ['auto'] }] } as const;
export const LIVE_MIGRATE_V2_1 = wrapped(
  'os-migrateLive',
  closed(
    { host: liveHost, block_migration: BOOL_LIKE, disk_over_commit: BOOL_LIKE } as const,
    ['block_migration', 'disk_over_commit', 'host'] as const,
  ),
);
export const LIVE_MIGRATE_V2_25 = wrapped(
  'os-migrateLive',
  closed({ host: liveHost, block_migration: AUTO_OR_BOOL } as const, ['block_migration', 'host'] as const),
);
export const LIVE_MIGRATE_V2_30 = wrapped(
  'os-migrateLive',
  closed(
    { host: liveHost, block_migration: AUTO_OR_BOOL, force: BOOL_LIKE } as const,
    ['block_migration', 'host'] as const,
  ),
);

export const EVACUATE_V2_1 = wrapped(
  'evacuate',
  closed(
    { host: HOST, adminPass: ADMIN_PASSWORD, onSharedStorage: BOOL_LIKE } as const,
    ['onSharedStorage'] as const,
  ),
);
export const EVACUATE_V2_14 = wrapped('evacuate', closed({ host: HOST, adminPass: ADMIN_PASSWORD } as const));
export const EVACUATE_V2_29 = wrapped(
  'evacuate',
  closed({ host: HOST, adminPass: ADMIN_PASSWORD, force: BOOL_LIKE } as const),
);

export const UNSHELVE_V2_77 = wrapped(
  'unshelve',
  closedOrNull({ availability_zone: { type: 'string' } } as const, ['availability_zone'] as const),
);
export const UNSHELVE_V2_91 = wrapped(
  'unshelve',
  closedOrNull({ availability_zone: { anyOf: [{ type: 'string' }, { type: 'null' }] }, host: HOST } as const),
);

export function lockSchemaFor(v: MicroversionLike) {
  return atLeast(v, 73) ? LOCK_V2_73 : undefined;
}

export function migrateSchemaFor(v: MicroversionLike) {
  return atLeast(v, 56) ? MIGRATE_V2_56 : undefined;
}

/** Variants (newest first); 2.68 removes `force` again. */
const LIVE_MIGRATE_VARIANTS = [
  [68, LIVE_MIGRATE_V2_25],
  [30, LIVE_MIGRATE_V2_30],
  [25, LIVE_MIGRATE_V2_25],
  [1, LIVE_MIGRATE_V2_1],
] as const;
const EVACUATE_VARIANTS = [
  [68, EVACUATE_V2_14],
  [29, EVACUATE_V2_29],
  [14, EVACUATE_V2_14],
  [1, EVACUATE_V2_1],
] as const;
const UNSHELVE_VARIANTS = [
  [91, UNSHELVE_V2_91],
  [77, UNSHELVE_V2_77],
] as const;

export function liveMigrateSchemaFor(v: MicroversionLike) {
  return variantAt(v, LIVE_MIGRATE_VARIANTS) ?? LIVE_MIGRATE_V2_1;
}

export function evacuateSchemaFor(v: MicroversionLike) {
  return variantAt(v, EVACUATE_VARIANTS) ?? EVACUATE_V2_1;
}

export function unshelveSchemaFor(v: MicroversionLike) {
  return variantAt(v, UNSHELVE_VARIANTS);
}

/** The schemas at microversion V, for the SDK's types (`never`: the action takes `null`). */
export type LockSchema<V extends string> = AtLeast<V, 73> extends true ? typeof LOCK_V2_73 : never;
export type MigrateSchema<V extends string> = AtLeast<V, 56> extends true ? typeof MIGRATE_V2_56 : never;
export type LiveMigrateSchema<V extends string> = VariantAt<V, typeof LIVE_MIGRATE_VARIANTS>;
export type EvacuateSchema<V extends string> = VariantAt<V, typeof EVACUATE_VARIANTS>;
export type UnshelveSchema<V extends string> = VariantAt<V, typeof UNSHELVE_VARIANTS>;
