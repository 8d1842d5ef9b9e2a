/**
 * POST /servers/{id}/action, by body key: what each action's value may be
 * at microversion V (the SDK's types) and the schema nova-api validates the
 * whole body with (`serverActionSchemaFor`; undefined where Nova does not
 * validate, e.g. `{"os-stop": null}`).
 */
import type { FromSchema } from './from-schema.js';
import type { MicroversionLike } from './microversion-range.js';
import {
  GET_RDP_CONSOLE,
  GET_SERIAL_CONSOLE,
  GET_SPICE_CONSOLE,
  GET_VNC_CONSOLE,
} from './remote-consoles.js';
import {
  ADD_SECURITY_GROUP,
  CHANGE_PASSWORD,
  CONSOLE_OUTPUT,
  CREATE_BACKUP,
  CREATE_IMAGE,
  REBOOT,
  REMOVE_SECURITY_GROUP,
  RESCUE,
  RESET_STATE,
  RESIZE,
} from './server-action-bodies.js';
import {
  type EvacuateSchema,
  evacuateSchemaFor,
  type LiveMigrateSchema,
  type LockSchema,
  liveMigrateSchemaFor,
  lockSchemaFor,
  type MigrateSchema,
  migrateSchemaFor,
  type UnshelveSchema,
  unshelveSchemaFor,
} from './server-move-actions.js';
import { type RebuildSchema, rebuildSchemaFor } from './server-rebuild.js';

/** The value under key K of a `{K: ...}` body schema S; `null` where Nova reads no body. */
type Inner<S, K extends string> = [S] extends [never]
  ? null
  : FromSchema<S> extends infer B
    ? K extends keyof B
      ? B[K]
      : never
    : never;

/** The value of each action's body key at microversion V: `compute.action(id, 'reboot', {type: 'HARD'})`. */
export interface ServerActionBodies<V extends string> {
  'os-stop': null;
  'os-start': null;
  pause: null;
  unpause: null;
  suspend: null;
  resume: null;
  unlock: null;
  unrescue: null;
  confirmResize: null;
  revertResize: null;
  shelve: null;
  shelveOffload: null;
  restore: null;
  forceDelete: null;
  trigger_crash_dump: null;
  reboot: Inner<typeof REBOOT, 'reboot'>;
  rescue: Inner<typeof RESCUE, 'rescue'>;
  changePassword: Inner<typeof CHANGE_PASSWORD, 'changePassword'>;
  'os-resetState': Inner<typeof RESET_STATE, 'os-resetState'>;
  'os-getConsoleOutput': Inner<typeof CONSOLE_OUTPUT, 'os-getConsoleOutput'>;
  addSecurityGroup: Inner<typeof ADD_SECURITY_GROUP, 'addSecurityGroup'>;
  removeSecurityGroup: Inner<typeof REMOVE_SECURITY_GROUP, 'removeSecurityGroup'>;
  resize: Inner<typeof RESIZE, 'resize'>;
  createImage: Inner<typeof CREATE_IMAGE, 'createImage'>;
  createBackup: Inner<typeof CREATE_BACKUP, 'createBackup'>;
  lock: Inner<LockSchema<V>, 'lock'>;
  migrate: Inner<MigrateSchema<V>, 'migrate'>;
  'os-migrateLive': Inner<LiveMigrateSchema<V>, 'os-migrateLive'>;
  evacuate: Inner<EvacuateSchema<V>, 'evacuate'>;
  unshelve: Inner<UnshelveSchema<V>, 'unshelve'>;
  rebuild: Inner<RebuildSchema<V>, 'rebuild'>;
  'os-getVNCConsole': Inner<typeof GET_VNC_CONSOLE, 'os-getVNCConsole'>;
  'os-getSPICEConsole': Inner<typeof GET_SPICE_CONSOLE, 'os-getSPICEConsole'>;
  'os-getRDPConsole': Inner<typeof GET_RDP_CONSOLE, 'os-getRDPConsole'>;
  'os-getSerialConsole': Inner<typeof GET_SERIAL_CONSOLE, 'os-getSerialConsole'>;
}

export type ServerActionName = keyof ServerActionBodies<'2.1'>;

const SCHEMAS: Readonly<Record<string, (v: MicroversionLike) => object | undefined>> = {
  reboot: () => REBOOT,
  rescue: () => RESCUE,
  changePassword: () => CHANGE_PASSWORD,
  'os-resetState': () => RESET_STATE,
  'os-getConsoleOutput': () => CONSOLE_OUTPUT,
  addSecurityGroup: () => ADD_SECURITY_GROUP,
  removeSecurityGroup: () => REMOVE_SECURITY_GROUP,
  resize: () => RESIZE,
  createImage: () => CREATE_IMAGE,
  createBackup: () => CREATE_BACKUP,
  lock: lockSchemaFor,
  migrate: migrateSchemaFor,
  'os-migrateLive': liveMigrateSchemaFor,
  evacuate: evacuateSchemaFor,
  unshelve: unshelveSchemaFor,
  rebuild: rebuildSchemaFor,
  'os-getVNCConsole': () => GET_VNC_CONSOLE,
  'os-getSPICEConsole': () => GET_SPICE_CONSOLE,
  'os-getRDPConsole': () => GET_RDP_CONSOLE,
  'os-getSerialConsole': () => GET_SERIAL_CONSOLE,
};

/** The schema of the whole `{"<action>": ...}` body at a microversion; undefined: Nova reads no body. */
export function serverActionSchemaFor(action: string, v: MicroversionLike): object | undefined {
  return SCHEMAS[action]?.(v);
}
