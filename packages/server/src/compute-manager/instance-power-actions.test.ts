import type { Instance, InstanceFault, VirtDriver } from '@novats/core';
import { adminContext, Conflict, PowerState } from '@novats/core';
import { describe, expect, it } from 'vitest';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { type PowerAction, runPowerAction } from './instance-power-actions.js';

class LostRace extends Conflict {
  override readonly code = 'compute.instance.unexpected_state';
}

function harness(start: Partial<Instance>, failDriver = false, raceAt?: string) {
  let row = { uuid: 'u1', vm_state: 'active', task_state: null, power_state: 1, ...start } as Instance;
  const writes: { values: Partial<Instance>; expected: unknown }[] = [];
  const faults: InstanceFault[] = [];
  const events: string[] = [];
  const conductor = {
    async instanceUpdate(
      _ctx: unknown,
      _uuid: string,
      values: Partial<Instance>,
      expected?: { task_state?: unknown[] },
    ) {
      if (values.task_state === raceAt || !expected?.task_state?.includes(row.task_state))
        throw new LostRace('moved');
      writes.push({ values, expected: expected?.task_state });
      row = { ...row, ...values };
      return row;
    },
    async instanceFaultCreate(_ctx: unknown, fault: InstanceFault) {
      faults.push(fault);
    },
    async actionEventStart(_ctx: unknown, _uuid: string, e: { event: string }) {
      events.push(`start ${e.event}`);
    },
    async actionEventFinish(_ctx: unknown, _uuid: string, e: { event: string; result: string }) {
      events.push(`finish ${e.event} ${e.result}`);
    },
  } as unknown as ConductorRpcApi;
  const calls: string[] = [];
  const op = (name: string) => async () => {
    calls.push(name);
    if (failDriver) throw new Error('hypervisor said no');
  };
  const driver = {
    powerOff: op('powerOff'),
    powerOn: op('powerOn'),
    reboot: async (_i: Instance, type: string) => op(`reboot ${type}`)(),
    getInfo: async () => ({ state: PowerState.SHUTDOWN }),
  } as unknown as VirtDriver;
  const deps = { host: 'h1', driver, conductor, clock: { now: () => 0 } } as never;
  return {
    run: (action: PowerAction) => runPowerAction(deps, adminContext('req-1'), row, action),
    row: () => row,
    writes,
    faults,
    calls,
    events,
  };
}

describe('runPowerAction', () => {
  it.each([
    ['stop', { task_state: 'powering-off' }, 'powerOff', { vm_state: 'stopped', power_state: 4 }, 1],
    [
      'start',
      { vm_state: 'stopped', task_state: 'powering-on', power_state: 4 },
      'powerOn',
      { vm_state: 'active', power_state: 1 },
      1,
    ],
    ['reboot', { task_state: 'rebooting' }, 'reboot SOFT', { vm_state: 'active', power_state: 1 }, 3],
    [
      'rebootHard',
      { vm_state: 'stopped', task_state: 'rebooting_hard' },
      'reboot HARD',
      { vm_state: 'active', power_state: 1 },
      3,
    ],
  ] as const)('%s calls the driver and ends as the table says', async (action, start, call, end, writes) => {
    const h = harness(start as Partial<Instance>);
    await h.run(action);
    expect(h.calls).toEqual([call]);
    expect(h.row()).toMatchObject({ ...end, task_state: null });
    expect(h.writes).toHaveLength(writes);
  });

  it('keeps the vm_state, clears task_state and records a fault when stop fails', async () => {
    const h = harness({ task_state: 'powering-off' }, true);
    await h.run('stop');
    expect(h.row()).toMatchObject({ vm_state: 'active', task_state: null, power_state: 1 });
    expect(h.faults).toMatchObject([
      { instance_uuid: 'u1', code: 500, message: 'hypervisor said no', host: 'h1' },
    ]);
  });

  it('puts a failed reboot of a guest that is not running into ERROR', async () => {
    const h = harness({ task_state: 'rebooting' }, true);
    await h.run('reboot');
    expect(h.row()).toMatchObject({ vm_state: 'error', task_state: null, power_state: 4 });
    expect(h.faults).toHaveLength(1);
  });

  it('stops quietly without calling the driver when the instance moved on', async () => {
    const h = harness({ task_state: 'rebooting' }, false, 'reboot_pending');
    await h.run('reboot');
    expect(h.calls).toEqual([]);
    expect(h.row().task_state).toBe('rebooting');
  });
});
