import { describe, expect, it } from 'vitest';
import { instanceStatus, statusFromState, statusToStates } from './instance-status.js';

describe('statusFromState', () => {
  it.each([
    ['active', null, 'ACTIVE'],
    ['active', 'rebooting', 'REBOOT'],
    ['active', 'reboot_started', 'REBOOT'],
    ['active', 'rebooting_hard', 'HARD_REBOOT'],
    ['active', 'reboot_pending_hard', 'HARD_REBOOT'],
    ['active', 'updating_password', 'PASSWORD'],
    ['active', 'rebuild_spawning', 'REBUILD'],
    ['active', 'migrating', 'MIGRATING'],
    ['active', 'resize_finish', 'RESIZE'],
    ['active', 'powering-off', 'ACTIVE'],
    ['building', 'spawning', 'BUILD'],
    ['stopped', null, 'SHUTOFF'],
    ['stopped', 'resize_prep', 'RESIZE'],
    ['stopped', 'rebuilding', 'REBUILD'],
    ['stopped', 'migrating', 'SHUTOFF'],
    ['resized', null, 'VERIFY_RESIZE'],
    ['resized', 'resize_confirming', 'VERIFY_RESIZE'],
    ['resized', 'resize_reverting', 'REVERT_RESIZE'],
    ['paused', null, 'PAUSED'],
    ['paused', 'migrating', 'MIGRATING'],
    ['suspended', null, 'SUSPENDED'],
    ['rescued', null, 'RESCUE'],
    ['error', null, 'ERROR'],
    ['error', 'rebuild_block_device_mapping', 'REBUILD'],
    ['error', 'deleting', 'ERROR'],
    ['deleted', null, 'DELETED'],
    ['soft-delete', null, 'SOFT_DELETED'],
    ['shelved', null, 'SHELVED'],
    ['shelved_offloaded', 'unshelving', 'SHELVED_OFFLOADED'],
    ['nonsense', null, 'UNKNOWN'],
  ])('%s + %s -> %s', (vm, task, want) => {
    expect(statusFromState(vm, task)).toBe(want);
    expect(instanceStatus(vm, task)).toBe(want);
  });
});

describe('statusToStates', () => {
  it('maps a default status to its vm_states with no task_state filter', () => {
    expect(statusToStates('active')).toEqual({ vm_states: ['active'], task_states: null });
  });

  it('maps a task status to vm_state and task_states', () => {
    expect(statusToStates('REBOOT')).toEqual({
      vm_states: ['active'],
      task_states: ['reboot_pending', 'reboot_started', 'rebooting'],
    });
  });

  it('collects every vm_state that can show a status', () => {
    const states = statusToStates('Rebuild');
    expect(states?.vm_states).toEqual(['active', 'error', 'stopped']);
    expect(states?.task_states).toEqual(['rebuild_block_device_mapping', 'rebuild_spawning', 'rebuilding']);
  });

  it('merges several statuses; a default among them drops the task filter', () => {
    expect(statusToStates(['SHUTOFF', 'resize'])).toEqual({
      vm_states: ['active', 'stopped'],
      task_states: null,
    });
    expect(statusToStates(['MIGRATING'])).toEqual({
      vm_states: ['active', 'paused'],
      task_states: ['migrating'],
    });
  });

  it('returns null for an unknown status, including UNKNOWN', () => {
    expect(statusToStates('BOGUS')).toBeNull();
    expect(statusToStates('UNKNOWN')).toBeNull();
    expect(statusToStates([])).toBeNull();
  });

  it('round-trips every mapped pair', () => {
    for (const [vm, task] of [
      ['active', 'rebooting_hard'],
      ['resized', 'resize_reverting'],
      ['shelved', null],
    ] as const) {
      const states = statusToStates(statusFromState(vm, task));
      expect(states?.vm_states).toContain(vm);
      if (task !== null) expect(states?.task_states).toContain(task);
    }
  });
});
