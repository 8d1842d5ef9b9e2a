/**
 * Reads the transition table: `assertTransition` is the one guard the API
 * (409 on a wrong state) and the compute manager call, checking in Nova's
 * decorator order: lock, host, vm_state, task_state, launched_at.
 * `transitionResult` gives the states a successful action ends in.
 */

import { InstanceInvalidState, InstanceIsLocked, InstanceNotReady } from '../errors/compute-errors.js';
import {
  ANY_STATE,
  INSTANCE_TRANSITIONS,
  type InstanceAction,
  type TransitionRule,
} from './instance-transitions.js';
import { PowerState } from './power-state.js';
import type { TaskState } from './task-state.js';
import { VmState } from './vm-state.js';

/** The fields of an instance the guard reads. */
export interface TransitionSubject {
  readonly uuid: string;
  readonly vm_state: VmState;
  readonly task_state: TaskState | null;
  readonly locked: boolean;
  readonly host: string | null;
  readonly launched_at: string | null;
}

export interface TransitionOptions {
  /** Admins pass the lock check (Nova: `context.is_admin`). */
  readonly isAdmin?: boolean;
}

/** The row of the table for an action. */
export function transitionRule(action: InstanceAction): TransitionRule {
  return INSTANCE_TRANSITIONS[action];
}

/**
 * Throws InstanceIsLocked, InstanceNotReady or InstanceInvalidState (all 409)
 * when `action` may not start from the instance's current state.
 */
export function assertTransition(
  instance: TransitionSubject,
  action: InstanceAction,
  options: TransitionOptions = {},
): TransitionRule {
  const rule: TransitionRule = INSTANCE_TRANSITIONS[action];
  if (rule.checks_lock && instance.locked && options.isAdmin !== true) {
    throw new InstanceIsLocked(instance.uuid);
  }
  if (rule.requires_host && !instance.host) throw new InstanceNotReady(instance.uuid);
  if (rule.vm_states !== ANY_STATE && !rule.vm_states.includes(instance.vm_state)) {
    throw new InstanceInvalidState(rule.action, instance.uuid, 'vm_state', instance.vm_state);
  }
  const task = instance.task_state;
  const taskAllowed =
    rule.task_states === ANY_STATE
      ? !(task !== null && rule.rejected_task_states?.includes(task))
      : rule.task_states.includes(task);
  if (!taskAllowed) throw new InstanceInvalidState(rule.action, instance.uuid, 'task_state', task);
  if (rule.must_have_launched && !instance.launched_at) {
    throw new InstanceInvalidState(rule.action, instance.uuid, 'launched_at', null);
  }
  return rule;
}

/** True when `assertTransition` would pass. */
export function canTransition(
  instance: TransitionSubject,
  action: InstanceAction,
  options: TransitionOptions = {},
): boolean {
  try {
    assertTransition(instance, action, options);
    return true;
  } catch {
    return false;
  }
}

/** The states an instance ends in after `action` succeeds. */
export interface TransitionResult {
  readonly vm_state: VmState;
  readonly task_state: null;
  readonly power_state: PowerState;
}

/**
 * Where `action` leaves an instance that was in `before`. For actions flagged
 * `keeps_stopped`, pass the vm_state the instance had before the whole
 * operation (Nova's `old_vm_state` for resize confirm/revert).
 */
export function transitionResult(
  action: InstanceAction,
  before: { readonly vm_state: VmState; readonly power_state: PowerState },
  previousVmState: VmState = before.vm_state,
): TransitionResult {
  const rule: TransitionRule = INSTANCE_TRANSITIONS[action];
  if (rule.keeps_stopped === true && previousVmState === VmState.STOPPED) {
    return { vm_state: VmState.STOPPED, task_state: null, power_state: PowerState.SHUTDOWN };
  }
  return {
    vm_state: rule.result.vm_state ?? before.vm_state,
    task_state: null,
    power_state: rule.result.power_state ?? before.power_state,
  };
}
