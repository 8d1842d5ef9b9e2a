import { describe, expect, it } from 'vitest';
import { isNovaError } from '../errors/nova-error.js';
import {
  assertTransition,
  canTransition,
  type TransitionSubject,
  transitionResult,
} from './instance-transition-check.js';
import { INSTANCE_TRANSITIONS, type InstanceAction } from './instance-transitions.js';
import { PowerState } from './power-state.js';
import type { TaskState } from './task-state.js';
import type { VmState } from './vm-state.js';

const UUID = 'aaaaaaaa-0000-4000-8000-000000000001';

function instance(
  vm_state: VmState,
  task_state: TaskState | null = null,
  extra: Partial<TransitionSubject> = {},
) {
  return {
    uuid: UUID,
    vm_state,
    task_state,
    locked: false,
    host: 'compute1',
    launched_at: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

describe('assertTransition', () => {
  it.each<[InstanceAction, VmState, TaskState | null]>([
    ['stop', 'active', null],
    ['stop', 'error', null],
    ['start', 'stopped', null],
    ['reboot', 'active', null],
    ['rebootHard', 'stopped', null],
    ['rebootHard', 'active', 'rebooting'],
    ['rebootHard', 'paused', 'pausing'],
    ['delete', 'building', 'scheduling'],
    ['delete', 'active', 'deleting'],
    ['forceDelete', 'soft-delete', null],
    ['restore', 'soft-delete', null],
    ['resize', 'stopped', null],
    ['confirmResize', 'resized', null],
    ['shelve', 'suspended', null],
    ['unshelve', 'shelved_offloaded', null],
    ['abortLiveMigration', 'paused', 'migrating'],
    ['getConsole', 'active', 'powering-off'],
  ])('allows %s from %s/%s', (action, vm, task) => {
    expect(() => assertTransition(instance(vm, task), action)).not.toThrow();
  });

  it.each<[InstanceAction, VmState, TaskState | null, string]>([
    ['stop', 'stopped', null, `Cannot 'stop' instance ${UUID} while it is in vm_state stopped`],
    ['stop', 'active', 'rebooting', `Cannot 'stop' instance ${UUID} while it is in task_state rebooting`],
    ['start', 'active', null, `Cannot 'start' instance ${UUID} while it is in vm_state active`],
    ['reboot', 'stopped', null, `Cannot 'reboot' instance ${UUID} while it is in vm_state stopped`],
    ['reboot', 'active', 'rebooting', `Cannot 'reboot' instance ${UUID} while it is in task_state rebooting`],
    [
      'rebootHard',
      'active',
      'powering-off',
      `Cannot 'reboot' instance ${UUID} while it is in task_state powering-off`,
    ],
    ['rebootHard', 'building', null, `Cannot 'reboot' instance ${UUID} while it is in vm_state building`],
    ['restore', 'active', null, `Cannot 'restore' instance ${UUID} while it is in vm_state active`],
    [
      'getConsole',
      'active',
      'deleting',
      `Cannot 'get_console' instance ${UUID} while it is in task_state deleting`,
    ],
  ])('refuses %s from %s/%s', (action, vm, task, message) => {
    let caught: unknown;
    try {
      assertTransition(instance(vm, task), action);
    } catch (err) {
      caught = err;
    }
    expect(isNovaError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'compute.instance.invalid_state', status: 409, message });
  });

  it('refuses a never-launched instance unless the action allows it', () => {
    const unlaunched = instance('error', null, { launched_at: null });
    expect(() => assertTransition(unlaunched, 'stop')).toThrow(/in launched_at null/);
    expect(() => assertTransition(unlaunched, 'delete')).not.toThrow();
  });

  it('refuses a locked instance to non-admins, lets admins through', () => {
    const locked = instance('active', null, { locked: true });
    expect(() => assertTransition(locked, 'stop')).toThrow(`Instance ${UUID} is locked`);
    expect(() => assertTransition(locked, 'stop')).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => assertTransition(locked, 'stop', { isAdmin: true })).not.toThrow();
  });

  it('checks the lock before the state, as Nova stacks its decorators', () => {
    expect(() => assertTransition(instance('stopped', null, { locked: true }), 'stop')).toThrow(/is locked/);
  });

  it('skips the lock check for resume, createImage and lock itself', () => {
    expect(canTransition(instance('suspended', null, { locked: true }), 'resume')).toBe(true);
    expect(canTransition(instance('active', null, { locked: true }), 'createImage')).toBe(true);
    expect(canTransition(instance('active', null, { locked: true }), 'pause')).toBe(false);
    expect(canTransition(instance('active', 'rebooting', { locked: true }), 'unlock')).toBe(true);
  });

  it('requires a host for stop and start', () => {
    expect(() => assertTransition(instance('active', null, { host: null }), 'stop')).toThrow(
      `Instance ${UUID} is not ready`,
    );
    expect(canTransition(instance('active', null, { host: null }), 'pause')).toBe(true);
  });
});

describe('transition results', () => {
  it.each<[InstanceAction, VmState, PowerState, VmState, PowerState]>([
    ['create', 'building', PowerState.NOSTATE, 'active', PowerState.RUNNING],
    ['stop', 'active', PowerState.RUNNING, 'stopped', PowerState.SHUTDOWN],
    ['start', 'stopped', PowerState.SHUTDOWN, 'active', PowerState.RUNNING],
    ['pause', 'active', PowerState.RUNNING, 'paused', PowerState.PAUSED],
    ['delete', 'active', PowerState.RUNNING, 'deleted', PowerState.NOSTATE],
    ['rebuild', 'stopped', PowerState.SHUTDOWN, 'stopped', PowerState.SHUTDOWN],
    ['rebuild', 'error', PowerState.NOSTATE, 'active', PowerState.RUNNING],
    ['resize', 'stopped', PowerState.SHUTDOWN, 'resized', PowerState.SHUTDOWN],
    ['createImage', 'paused', PowerState.PAUSED, 'paused', PowerState.PAUSED],
  ])('%s from %s ends %s', (action, vm, power, wantVm, wantPower) => {
    expect(transitionResult(action, { vm_state: vm, power_state: power })).toEqual({
      vm_state: wantVm,
      task_state: null,
      power_state: wantPower,
    });
  });

  it('revertResize returns to stopped when the instance was stopped before the resize', () => {
    const before = { vm_state: 'resized', power_state: PowerState.SHUTDOWN } as const;
    expect(transitionResult('revertResize', before, 'stopped').vm_state).toBe('stopped');
    expect(transitionResult('revertResize', before, 'active').vm_state).toBe('active');
  });

  it('every transient task_state is the first step, and steps are valid', () => {
    for (const [name, rule] of Object.entries(INSTANCE_TRANSITIONS)) {
      if (rule.task_state !== null) expect(rule.steps[0], name).toBe(rule.task_state);
    }
    expect(INSTANCE_TRANSITIONS.reboot.steps).toEqual(['rebooting', 'reboot_pending', 'reboot_started']);
  });
});
