/**
 * Request bodies of the server actions that move a server or change with
 * the microversion: lock (a reason from 2.73), migrate (a host from 2.56),
 * os-migrateLive (2.25 drops disk_over_commit and allows `auto`, 2.30-2.67
 * `force`), evacuate (2.14 drops onSharedStorage, 2.29-2.67 `force`) and
 * unshelve (an availability zone from 2.77, a host from 2.91). Each
 * `*For(version)` answers undefined where Nova does not validate the body.
 */
import { type AtLeast, atLeast, type MicroversionLike } from './microversion-range.js';
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

export function liveMigrateSchemaFor(v: MicroversionLike) {
  if (atLeast(v, 68)) return LIVE_MIGRATE_V2_25;
  if (atLeast(v, 30)) return LIVE_MIGRATE_V2_30;
  if (atLeast(v, 25)) return LIVE_MIGRATE_V2_25;
  return LIVE_MIGRATE_V2_1;
}

export function evacuateSchemaFor(v: MicroversionLike) {
  if (atLeast(v, 68)) return EVACUATE_V2_14;
  if (atLeast(v, 29)) return EVACUATE_V2_29;
  if (atLeast(v, 14)) return EVACUATE_V2_14;
  return EVACUATE_V2_1;
}

export function unshelveSchemaFor(v: MicroversionLike) {
  if (atLeast(v, 91)) return UNSHELVE_V2_91;
  if (atLeast(v, 77)) return UNSHELVE_V2_77;
  return undefined;
}

/** The schemas at microversion V, for the SDK's types (`never`: the action takes `null`). */
export type LockSchema<V extends string> = AtLeast<V, 73> extends true ? typeof LOCK_V2_73 : never;
export type MigrateSchema<V extends string> = AtLeast<V, 56> extends true ? typeof MIGRATE_V2_56 : never;
export type LiveMigrateSchema<V extends string> =
  AtLeast<V, 68> extends true
    ? typeof LIVE_MIGRATE_V2_25
    : AtLeast<V, 30> extends true
      ? typeof LIVE_MIGRATE_V2_30
      : AtLeast<V, 25> extends true
        ? typeof LIVE_MIGRATE_V2_25
        : typeof LIVE_MIGRATE_V2_1;
export type EvacuateSchema<V extends string> =
  AtLeast<V, 68> extends true
    ? typeof EVACUATE_V2_14
    : AtLeast<V, 29> extends true
      ? typeof EVACUATE_V2_29
      : AtLeast<V, 14> extends true
        ? typeof EVACUATE_V2_14
        : typeof EVACUATE_V2_1;
export type UnshelveSchema<V extends string> =
  AtLeast<V, 91> extends true
    ? typeof UNSHELVE_V2_91
    : AtLeast<V, 77> extends true
      ? typeof UNSHELVE_V2_77
      : never;
