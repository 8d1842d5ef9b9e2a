/**
 * The writes every service makes to move an instance along core's transition
 * table, derived from the table alone: the API's guarded start, each step the
 * compute host walks, the end state and the two failure exits (Nova's
 * `reverts_task_state` and `_set_instance_obj_error_state`). Services pass
 * these to their guarded update; none writes vm_state or task_state itself.
 */
import type { ExpectedState } from '../ports/cell-database.js';
import { transitionResult } from './instance-transition-check.js';
import {
  ANY_STATE,
  INSTANCE_TRANSITIONS,
  type InstanceAction,
  type TransitionRule,
} from './instance-transitions.js';
import { type PowerState, PowerState as PowerStateValues } from './power-state.js';
import type { TaskState } from './task-state.js';
import { VmState } from './vm-state.js';

/** State fields to write and the states the row must still be in for the write to apply. */
export interface StateChange {
  readonly values: {
    readonly task_state: TaskState | null;
    readonly vm_state?: VmState;
    readonly power_state?: PowerState;
  };
  readonly expected?: ExpectedState;
}

function rule(action: InstanceAction): TransitionRule {
  return INSTANCE_TRANSITIONS[action];
}

/** The precondition of `action` as a guard (Nova's `expected_vm_state` / `expected_task_state`). */
export function startGuard(action: InstanceAction): ExpectedState {
  const r = rule(action);
  return {
    ...(r.vm_states === ANY_STATE ? {} : { vm_state: r.vm_states }),
    ...(r.task_states === ANY_STATE ? {} : { task_state: r.task_states }),
  };
}

/** The API accepts `action`: its task_state, guarded by its precondition. */
export function startChange(action: InstanceAction): StateChange {
  return { values: { task_state: rule(action).task_state }, expected: startGuard(action) };
}

/**
 * One step of `action` on the host, from the task_state the row is in
 * (`from`) to `to`, which must be one of the action's steps.
 */
export function stepChange(action: InstanceAction, from: TaskState | null, to: TaskState): StateChange {
  const r = rule(action);
  if (!r.steps.includes(to)) throw new RangeError(`${to} is not a step of ${action}`);
  return { values: { task_state: to }, expected: { task_state: [from] } };
}

/** `action` succeeded: its end state, guarded by the task_state it was last in. */
export function finishChange(
  action: InstanceAction,
  before: { readonly vm_state: VmState; readonly power_state: PowerState },
  from: TaskState | null,
  previousVmState?: VmState,
): StateChange {
  return { values: transitionResult(action, before, previousVmState), expected: { task_state: [from] } };
}

/** `action` failed but the guest is as it was: clear the task_state (Nova's `reverts_task_state`). */
export function revertChange(from: TaskState | null): StateChange {
  return { values: { task_state: null }, expected: { task_state: [from] } };
}

/** The states a new server is accepted in (the `create` row: building, scheduling, no power state). */
export function buildStartState(): {
  vm_state: VmState;
  task_state: TaskState | null;
  power_state: PowerState;
} {
  const r = rule('create');
  const vm = r.vm_states === ANY_STATE ? VmState.BUILDING : r.vm_states[0];
  return { vm_state: vm, task_state: r.task_state, power_state: PowerStateValues.NOSTATE };
}

/** `action` failed and left the instance broken: ERROR, task_state cleared. */
export function errorChange(from?: TaskState | null): StateChange {
  const r = rule('buildFailed');
  return {
    values: { task_state: null, vm_state: r.result.vm_state ?? VmState.ERROR },
    ...(from === undefined ? {} : { expected: { task_state: [from] } }),
  };
}
