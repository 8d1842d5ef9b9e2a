/**
 * The instance state machine as ONE table (Nova's `check_instance_state`,
 * `check_instance_lock` and `check_instance_host` decorators in
 * `nova/compute/api.py`, plus the states each action ends in). The API calls
 * `assertTransition` (instance-transition-check.ts) before it accepts an action (409 otherwise) and the
 * compute manager reads `task_state`, `steps` and `result` from the same row.
 */
import { PowerState } from './power-state.js';
import type { TaskState } from './task-state.js';
import type { VmState } from './vm-state.js';

/** Any vm_state or task_state is accepted. */
export const ANY_STATE = 'any' as const;

/** One row of the table. */
export interface TransitionRule {
  /** The action name in messages and instance actions (`Cannot 'stop' instance ...`). */
  readonly action: string;
  /** vm_states the action may start from. */
  readonly vm_states: readonly VmState[] | typeof ANY_STATE;
  /** task_states the action may start from; null means idle. */
  readonly task_states: readonly (TaskState | null)[] | typeof ANY_STATE;
  /** task_states that are refused even though `task_states` is ANY_STATE (Nova's `reject_instance_state`). */
  readonly rejected_task_states?: readonly TaskState[];
  /** task_state the API sets when it accepts the action; null: left as is. */
  readonly task_state: TaskState | null;
  /** The transient task_states the compute manager walks through, in order. */
  readonly steps: readonly TaskState[];
  /** Non-admins get 409 InstanceIsLocked on a locked instance. */
  readonly checks_lock: boolean;
  /** The instance must have a host (409 InstanceNotReady otherwise). */
  readonly requires_host: boolean;
  /** `launched_at` must be set (Nova's `must_have_launched`). */
  readonly must_have_launched: boolean;
  /** Where a successful action leaves the instance; null fields are unchanged. task_state ends null. */
  readonly result: { readonly vm_state: VmState | null; readonly power_state: PowerState | null };
  /** A stopped instance ends stopped/SHUTDOWN again (rebuild, evacuate, resize confirm/revert). */
  readonly keeps_stopped?: boolean;
}

const IDLE = [null] as const;
const RUNNING = PowerState.RUNNING;
const SHUTDOWN = PowerState.SHUTDOWN;
const UNCHANGED = { vm_state: null, power_state: null } as const;
const DEFAULTS = { checks_lock: true, requires_host: false, must_have_launched: true } as const;

export const INSTANCE_TRANSITIONS = {
  create: {
    ...DEFAULTS,
    action: 'create',
    vm_states: ['building'],
    task_states: ANY_STATE,
    task_state: 'scheduling',
    steps: ['scheduling', 'networking', 'block_device_mapping', 'spawning'],
    checks_lock: false,
    must_have_launched: false,
    result: { vm_state: 'active', power_state: RUNNING },
  },
  reschedule: {
    ...DEFAULTS,
    action: 'reschedule',
    vm_states: ['building'],
    task_states: ['spawning', 'scheduling'],
    task_state: 'scheduling',
    steps: ['scheduling'],
    checks_lock: false,
    must_have_launched: false,
    result: UNCHANGED,
  },
  /** Nova's `_set_instance_obj_error_state`: a failed build, an exhausted reschedule, cell0. */
  buildFailed: {
    ...DEFAULTS,
    action: 'create',
    vm_states: ANY_STATE,
    task_states: ANY_STATE,
    task_state: null,
    steps: [],
    checks_lock: false,
    must_have_launched: false,
    result: { vm_state: 'error', power_state: null },
  },
  delete: {
    ...DEFAULTS,
    action: 'delete',
    vm_states: ANY_STATE,
    task_states: ANY_STATE,
    task_state: 'deleting',
    steps: ['deleting'],
    must_have_launched: false,
    result: { vm_state: 'deleted', power_state: PowerState.NOSTATE },
  },
  softDelete: {
    ...DEFAULTS,
    action: 'delete',
    vm_states: ANY_STATE,
    task_states: ANY_STATE,
    task_state: 'soft-deleting',
    steps: ['soft-deleting'],
    result: { vm_state: 'soft-delete', power_state: SHUTDOWN },
  },
  forceDelete: {
    ...DEFAULTS,
    action: 'forceDelete',
    vm_states: ANY_STATE,
    task_states: ANY_STATE,
    task_state: 'deleting',
    steps: ['deleting'],
    must_have_launched: false,
    result: { vm_state: 'deleted', power_state: PowerState.NOSTATE },
  },
  restore: {
    ...DEFAULTS,
    action: 'restore',
    vm_states: ['soft-delete'],
    task_states: IDLE,
    task_state: 'restoring',
    steps: ['restoring'],
    result: { vm_state: 'active', power_state: RUNNING },
  },
  stop: {
    ...DEFAULTS,
    action: 'stop',
    vm_states: ['active', 'error'],
    task_states: IDLE,
    task_state: 'powering-off',
    steps: ['powering-off'],
    requires_host: true,
    result: { vm_state: 'stopped', power_state: SHUTDOWN },
  },
  start: {
    ...DEFAULTS,
    action: 'start',
    vm_states: ['stopped'],
    task_states: IDLE,
    task_state: 'powering-on',
    steps: ['powering-on'],
    requires_host: true,
    result: { vm_state: 'active', power_state: RUNNING },
  },
  reboot: {
    ...DEFAULTS,
    action: 'reboot',
    vm_states: ['active'],
    task_states: IDLE,
    task_state: 'rebooting',
    steps: ['rebooting', 'reboot_pending', 'reboot_started'],
    result: { vm_state: 'active', power_state: RUNNING },
  },
  rebootHard: {
    ...DEFAULTS,
    action: 'reboot',
    vm_states: ['active', 'stopped', 'paused', 'suspended', 'error'],
    task_states: [
      null,
      'rebooting',
      'reboot_pending',
      'reboot_started',
      'resuming',
      'rebooting_hard',
      'unpausing',
      'pausing',
      'suspending',
    ],
    task_state: 'rebooting_hard',
    steps: ['rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard'],
    result: { vm_state: 'active', power_state: RUNNING },
  },
  rebuild: {
    ...DEFAULTS,
    action: 'rebuild',
    vm_states: ['active', 'stopped', 'error'],
    task_states: IDLE,
    task_state: 'rebuilding',
    steps: ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'],
    result: { vm_state: 'active', power_state: RUNNING },
    keeps_stopped: true,
  },
  resize: {
    ...DEFAULTS,
    action: 'resize',
    vm_states: ['active', 'stopped'],
    task_states: IDLE,
    task_state: 'resize_prep',
    steps: ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'],
    result: { vm_state: 'resized', power_state: null },
  },
  migrate: {
    ...DEFAULTS,
    action: 'migrate',
    vm_states: ['active', 'stopped'],
    task_states: IDLE,
    task_state: 'resize_prep',
    steps: ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'],
    result: { vm_state: 'resized', power_state: null },
  },
  confirmResize: {
    ...DEFAULTS,
    action: 'confirmResize',
    vm_states: ['resized'],
    task_states: IDLE,
    task_state: null,
    steps: [],
    result: { vm_state: 'active', power_state: RUNNING },
    keeps_stopped: true,
  },
  revertResize: {
    ...DEFAULTS,
    action: 'revertResize',
    vm_states: ['resized'],
    task_states: IDLE,
    task_state: 'resize_reverting',
    steps: ['resize_reverting'],
    result: { vm_state: 'active', power_state: RUNNING },
    keeps_stopped: true,
  },
  pause: {
    ...DEFAULTS,
    action: 'pause',
    vm_states: ['active'],
    task_states: IDLE,
    task_state: 'pausing',
    steps: ['pausing'],
    result: { vm_state: 'paused', power_state: PowerState.PAUSED },
  },
  unpause: {
    ...DEFAULTS,
    action: 'unpause',
    vm_states: ['paused'],
    task_states: IDLE,
    task_state: 'unpausing',
    steps: ['unpausing'],
    result: { vm_state: 'active', power_state: RUNNING },
  },
  suspend: {
    ...DEFAULTS,
    action: 'suspend',
    vm_states: ['active'],
    task_states: IDLE,
    task_state: 'suspending',
    steps: ['suspending'],
    result: { vm_state: 'suspended', power_state: PowerState.SUSPENDED },
  },
  resume: {
    ...DEFAULTS,
    action: 'resume',
    vm_states: ['suspended'],
    task_states: IDLE,
    task_state: 'resuming',
    steps: ['resuming'],
    // NOTE(nova): resume has no check_instance_lock.
    checks_lock: false,
    result: { vm_state: 'active', power_state: RUNNING },
  },
  rescue: {
    ...DEFAULTS,
    action: 'rescue',
    vm_states: ['active', 'stopped', 'error'],
    task_states: IDLE,
    task_state: 'rescuing',
    steps: ['rescuing'],
    result: { vm_state: 'rescued', power_state: RUNNING },
  },
  unrescue: {
    ...DEFAULTS,
    action: 'unrescue',
    vm_states: ['rescued'],
    task_states: IDLE,
    task_state: 'unrescuing',
    steps: ['unrescuing'],
    result: { vm_state: 'active', power_state: RUNNING },
  },
  changePassword: {
    ...DEFAULTS,
    action: 'changePassword',
    vm_states: ['active'],
    task_states: IDLE,
    task_state: 'updating_password',
    steps: ['updating_password'],
    result: { vm_state: 'active', power_state: null },
  },
  shelve: {
    ...DEFAULTS,
    action: 'shelve',
    vm_states: ['active', 'stopped', 'paused', 'suspended'],
    task_states: IDLE,
    task_state: 'shelving',
    steps: ['shelving', 'shelving_image_pending_upload', 'shelving_image_uploading'],
    // NOTE(nova): with `shelved_offload_time` 0 (the default) the manager goes on with shelveOffload.
    result: { vm_state: 'shelved', power_state: SHUTDOWN },
  },
  shelveOffload: {
    ...DEFAULTS,
    action: 'shelveOffload',
    vm_states: ['shelved'],
    task_states: IDLE,
    task_state: 'shelving_offloading',
    steps: ['shelving_offloading'],
    result: { vm_state: 'shelved_offloaded', power_state: PowerState.NOSTATE },
  },
  unshelve: {
    ...DEFAULTS,
    action: 'unshelve',
    vm_states: ['shelved', 'shelved_offloaded'],
    task_states: IDLE,
    task_state: 'unshelving',
    steps: ['unshelving', 'spawning'],
    result: { vm_state: 'active', power_state: RUNNING },
  },
  createImage: {
    ...DEFAULTS,
    action: 'createImage',
    vm_states: ['active', 'stopped', 'paused', 'suspended'],
    task_states: IDLE,
    task_state: 'image_snapshot_pending',
    steps: ['image_snapshot_pending', 'image_snapshot', 'image_pending_upload', 'image_uploading'],
    checks_lock: false,
    result: UNCHANGED,
  },
  createBackup: {
    ...DEFAULTS,
    action: 'createBackup',
    vm_states: ['active', 'stopped', 'paused', 'suspended'],
    task_states: IDLE,
    task_state: 'image_backup',
    steps: ['image_backup', 'image_pending_upload', 'image_uploading'],
    checks_lock: false,
    result: UNCHANGED,
  },
  liveMigrate: {
    ...DEFAULTS,
    action: 'live-migration',
    vm_states: ['active', 'paused'],
    task_states: IDLE,
    task_state: 'migrating',
    steps: ['migrating'],
    result: UNCHANGED,
  },
  forceCompleteLiveMigration: {
    ...DEFAULTS,
    action: 'live_migration_force_complete',
    vm_states: ['active'],
    task_states: ['migrating'],
    task_state: null,
    steps: [],
    result: UNCHANGED,
  },
  abortLiveMigration: {
    ...DEFAULTS,
    action: 'live_migration_cancel',
    vm_states: ANY_STATE,
    task_states: ['migrating'],
    task_state: null,
    steps: [],
    result: UNCHANGED,
  },
  evacuate: {
    ...DEFAULTS,
    action: 'evacuate',
    vm_states: ['active', 'stopped', 'error'],
    task_states: IDLE,
    task_state: 'rebuilding',
    steps: ['rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning'],
    // NOTE(nova): evacuate needs the source host down, not the lock; the API checks liveness.
    checks_lock: false,
    result: { vm_state: 'active', power_state: RUNNING },
    keeps_stopped: true,
  },
  triggerCrashDump: {
    ...DEFAULTS,
    action: 'trigger_crash_dump',
    vm_states: ['active', 'paused', 'rescued', 'resized', 'error'],
    task_states: IDLE,
    task_state: null,
    steps: [],
    requires_host: true,
    result: UNCHANGED,
  },
  attachVolume: volumeRule('attach_volume'),
  detachVolume: volumeRule('detach_volume'),
  swapVolume: {
    ...DEFAULTS,
    action: 'swap_volume',
    vm_states: ['active', 'paused', 'resized'],
    task_states: IDLE,
    task_state: null,
    steps: [],
    result: UNCHANGED,
  },
  attachInterface: interfaceRule('attach_interface'),
  detachInterface: interfaceRule('detach_interface'),
  updateMetadata: metadataRule('update metadata'),
  deleteMetadata: metadataRule('delete metadata'),
  getConsole: {
    ...DEFAULTS,
    action: 'get_console',
    vm_states: ANY_STATE,
    task_states: ANY_STATE,
    rejected_task_states: ['deleting', 'migrating'],
    task_state: null,
    steps: [],
    checks_lock: false,
    requires_host: true,
    must_have_launched: false,
    result: UNCHANGED,
  },
  getConsoleOutput: freeRule('get_console_output', true),
  lock: freeRule('lock', false),
  unlock: freeRule('unlock', false),
  resetState: freeRule('resetState', false),
} as const satisfies Record<string, TransitionRule>;

/** An action name of the table (`'stop'`, `'rebootHard'`, ...). */
export type InstanceAction = keyof typeof INSTANCE_TRANSITIONS;

function volumeRule(action: string) {
  return {
    ...DEFAULTS,
    action,
    vm_states: ['active', 'paused', 'stopped', 'resized', 'soft-delete', 'shelved', 'shelved_offloaded'],
    task_states: IDLE,
    task_state: null,
    steps: [],
    result: UNCHANGED,
  } as const satisfies TransitionRule;
}

function interfaceRule(action: string) {
  return {
    ...DEFAULTS,
    action,
    vm_states: ['active', 'paused', 'stopped'],
    task_states: IDLE,
    task_state: null,
    steps: [],
    result: UNCHANGED,
  } as const satisfies TransitionRule;
}

function metadataRule(action: string) {
  return {
    ...DEFAULTS,
    action,
    vm_states: ['active', 'paused', 'suspended', 'stopped'],
    task_states: IDLE,
    task_state: null,
    steps: [],
    result: UNCHANGED,
  } as const satisfies TransitionRule;
}

/** Actions with no state precondition (lock, console output, resetState). */
function freeRule(action: string, requiresHost: boolean) {
  return {
    action,
    vm_states: ANY_STATE,
    task_states: ANY_STATE,
    task_state: null,
    steps: [],
    checks_lock: false,
    requires_host: requiresHost,
    must_have_launched: false,
    result: UNCHANGED,
  } as const satisfies TransitionRule;
}
