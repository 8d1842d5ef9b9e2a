/**
 * instance_update with `return_instance: false` (a host that needs no saved
 * row): the conductor applies the update without reading the row back and
 * replies null, unless its own instance.update notification needs the row.
 */
import { type Instance, makeInstance, type Notifier, type RequestContext } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { type ConductorDeps, ConductorManager } from './conductor-manager.js';
import { vmStateUpdateNotifier } from './vm-state-update-notifier.test-support.js';

const ctx: RequestContext = { request_id: 'r', user_id: 'u', project_id: 'p', roles: [], is_admin: false };
const UUID = '5a1f1d0e-77b2-4c3e-9d0c-5c0b5f0c2e11';
const args = {
  uuid: UUID,
  values: { vm_state: 'active', task_state: null },
  expected: { task_state: ['spawning'] },
  return_instance: false,
};

/** A cell over one row that records which repository calls the conductor made. */
function cellWith(row: Instance) {
  const calls: string[] = [];
  let current = row;
  const write = (values: Partial<Instance>) => {
    current = { ...current, ...values } as Instance;
    return current;
  };
  const instances = {
    get: async () => {
      calls.push('get');
      return current;
    },
    update: async (_u: string, values: Partial<Instance>) => {
      calls.push('update');
      return write(values);
    },
    apply: async (_u: string, values: Partial<Instance>) => {
      calls.push('apply');
      write(values);
    },
  };
  return { calls, cell: { instances, instanceActions: {} }, current: () => current };
}

const building = () => makeInstance({ uuid: UUID, vm_state: 'building', task_state: 'spawning' });

describe('instance_update with return_instance false', () => {
  it('applies without reading the row back and replies null', async () => {
    const world = cellWith(building());
    const deps = { localCell: world.cell } as unknown as ConductorDeps;
    const reply = await new ConductorManager(deps)
      .endpoint()
      .instance_update(ctx, args, { redelivered: false });
    expect(reply).toBeNull();
    expect(world.calls).toEqual(['apply']);
    expect(world.current()).toMatchObject({ vm_state: 'active', task_state: null });
  });

  it('still reads the rows its instance.update notification needs, and still replies null', async () => {
    const world = cellWith(building());
    const sent: string[] = [];
    const notifier: Notifier = { notify: async (_c, _p, event) => void sent.push(event) };
    const deps = {
      localCell: world.cell,
      instanceUpdates: vmStateUpdateNotifier(notifier),
    } as unknown as ConductorDeps;
    const reply = await new ConductorManager(deps)
      .endpoint()
      .instance_update(ctx, args, { redelivered: false });
    expect(reply).toBeNull();
    expect(world.calls).toEqual(['get', 'update']);
    expect(sent).toEqual(['instance.update']);
  });

  it('replies with the saved row when the host asks for it', async () => {
    const world = cellWith(building());
    const deps = { localCell: world.cell } as unknown as ConductorDeps;
    const { return_instance: _, ...asked } = args;
    const reply = await new ConductorManager(deps)
      .endpoint()
      .instance_update(ctx, asked, { redelivered: false });
    expect(reply).toMatchObject({ uuid: UUID, vm_state: 'active' });
    expect(world.calls).toEqual(['update']);
  });
});
