/**
 * Nova's public server status: a pure function of vm_state and task_state
 * (`_STATE_MAP` in `nova/api/openstack/common.py`). A task_state override wins
 * over the vm_state default; an unmapped vm_state is UNKNOWN. The `status=`
 * list filter maps back through the same table.
 */
import { TaskState } from './task-state.js';
import { VmState } from './vm-state.js';

/** The status strings the Compute API shows for a server. */
export const InstanceStatus = {
  ACTIVE: 'ACTIVE',
  BUILD: 'BUILD',
  REBOOT: 'REBOOT',
  HARD_REBOOT: 'HARD_REBOOT',
  PASSWORD: 'PASSWORD',
  REBUILD: 'REBUILD',
  MIGRATING: 'MIGRATING',
  RESIZE: 'RESIZE',
  SHUTOFF: 'SHUTOFF',
  VERIFY_RESIZE: 'VERIFY_RESIZE',
  REVERT_RESIZE: 'REVERT_RESIZE',
  PAUSED: 'PAUSED',
  SUSPENDED: 'SUSPENDED',
  RESCUE: 'RESCUE',
  ERROR: 'ERROR',
  DELETED: 'DELETED',
  SOFT_DELETED: 'SOFT_DELETED',
  SHELVED: 'SHELVED',
  SHELVED_OFFLOADED: 'SHELVED_OFFLOADED',
  UNKNOWN: 'UNKNOWN',
} as const;
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

type StatusRow = { readonly default: InstanceStatus } & Partial<Record<TaskState, InstanceStatus>>;

const REBUILD = {
  [TaskState.REBUILDING]: 'REBUILD',
  [TaskState.REBUILD_BLOCK_DEVICE_MAPPING]: 'REBUILD',
  [TaskState.REBUILD_SPAWNING]: 'REBUILD',
} as const;
const RESIZE = {
  [TaskState.RESIZE_PREP]: 'RESIZE',
  [TaskState.RESIZE_MIGRATING]: 'RESIZE',
  [TaskState.RESIZE_MIGRATED]: 'RESIZE',
  [TaskState.RESIZE_FINISH]: 'RESIZE',
} as const;

/** vm_state -> { default status, task_state overrides }; Nova's `_STATE_MAP`. */
export const STATUS_MAP: Readonly<Record<VmState, StatusRow>> = {
  [VmState.ACTIVE]: {
    default: 'ACTIVE',
    [TaskState.REBOOTING]: 'REBOOT',
    [TaskState.REBOOT_PENDING]: 'REBOOT',
    [TaskState.REBOOT_STARTED]: 'REBOOT',
    [TaskState.REBOOTING_HARD]: 'HARD_REBOOT',
    [TaskState.REBOOT_PENDING_HARD]: 'HARD_REBOOT',
    [TaskState.REBOOT_STARTED_HARD]: 'HARD_REBOOT',
    [TaskState.UPDATING_PASSWORD]: 'PASSWORD',
    [TaskState.MIGRATING]: 'MIGRATING',
    ...REBUILD,
    ...RESIZE,
  },
  [VmState.BUILDING]: { default: 'BUILD' },
  [VmState.STOPPED]: { default: 'SHUTOFF', ...RESIZE, ...REBUILD },
  // NOTE(api): RESIZE_CONFIRMING has no public status; it shows VERIFY_RESIZE.
  [VmState.RESIZED]: { default: 'VERIFY_RESIZE', [TaskState.RESIZE_REVERTING]: 'REVERT_RESIZE' },
  [VmState.PAUSED]: { default: 'PAUSED', [TaskState.MIGRATING]: 'MIGRATING' },
  [VmState.SUSPENDED]: { default: 'SUSPENDED' },
  [VmState.RESCUED]: { default: 'RESCUE' },
  [VmState.ERROR]: { default: 'ERROR', ...REBUILD },
  [VmState.DELETED]: { default: 'DELETED' },
  [VmState.SOFT_DELETED]: { default: 'SOFT_DELETED' },
  [VmState.SHELVED]: { default: 'SHELVED' },
  [VmState.SHELVED_OFFLOADED]: { default: 'SHELVED_OFFLOADED' },
};

/** The public status of an instance (Nova's `status_from_state`). */
export function statusFromState(vmState: string, taskState: string | null): InstanceStatus {
  const row = (STATUS_MAP as Readonly<Record<string, StatusRow>>)[vmState];
  if (row === undefined) return InstanceStatus.UNKNOWN;
  if (taskState === null) return row.default;
  return row[taskState as TaskState] ?? row.default;
}

/**
 * The vm_state/task_state sets a `status=` filter selects (Nova's
 * `task_and_vm_state_from_status`). `task_states` is null when some status
 * matched a vm_state default: Nova then filters on vm_state only, so
 * `status=ACTIVE` also lists an active server that is rebooting.
 */
export interface StatusFilterStates {
  readonly vm_states: readonly VmState[];
  readonly task_states: readonly TaskState[] | null;
}

/**
 * Maps one or more statuses (case-insensitive) back to states; null when
 * none of them is a known status (the API answers 400 from 2.38).
 */
export function statusToStates(status: string | readonly string[]): StatusFilterStates | null {
  const wanted = new Set((typeof status === 'string' ? [status] : status).map((s) => s.toUpperCase()));
  const vmStates = new Set<VmState>();
  const taskStates = new Set<TaskState>();
  let matchedDefault = false;
  for (const [vmState, row] of Object.entries(STATUS_MAP) as [VmState, StatusRow][]) {
    for (const [key, mapped] of Object.entries(row) as [string, InstanceStatus][]) {
      if (!wanted.has(mapped)) continue;
      vmStates.add(vmState);
      if (key === 'default') matchedDefault = true;
      else taskStates.add(key as TaskState);
    }
  }
  if (vmStates.size === 0) return null;
  return {
    vm_states: [...vmStates].sort(),
    task_states: matchedDefault ? null : [...taskStates].sort(),
  };
}

/** Alias of `statusFromState`, named for view code: `instanceStatus(i.vm_state, i.task_state)`. */
export const instanceStatus = statusFromState;
