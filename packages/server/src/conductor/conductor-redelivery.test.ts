/**
 * A build request handed out again after its conductor died between
 * writing the instance into the cell and deleting the build request: the
 * next conductor places it without tripping over the leftover row.
 */
import {
  Conflict,
  type Instance,
  makeInstance,
  type Notifier,
  type RequestContext,
  type Selection,
} from '@novats/core';
import { describe, expect, it } from 'vitest';
import { type ConductorDeps, ConductorManager } from './conductor-manager.js';
import { vmStateUpdateNotifier } from './vm-state-update-notifier.test-support.js';

const ctx: RequestContext = { request_id: 'r', user_id: 'u', project_id: 'p', roles: [], is_admin: false };
const CELL1 = 'cell1-uuid';
const UUID = '9868c2bc-0e24-4dde-8e10-db42202d2aaf';

const fresh = { uuid: UUID, host: null, node: null, availability_zone: null } as unknown as Instance;

const selection = (host: string): Selection => ({
  service_host: host,
  nodename: host,
  compute_node_uuid: `${host}-rp`,
  cell_uuid: CELL1,
  allocation_request: null,
  allocation_request_version: null,
});

/** Just the repository calls the build path makes, over maps. */
function fakeDeployment(leftover: Instance | null) {
  const rows = new Map<string, Instance>(leftover ? [[UUID, leftover]] : []);
  const buildRequests = new Map([
    [UUID, { instance_uuid: UUID, project_id: 'p', instance: fresh, created_at: '' }],
  ]);
  const handedTo: string[] = [];
  const faults: unknown[] = [];
  const actions: { action: string; instance_uuid: string }[] = [];
  const cell = {
    instanceActions: {
      start: async (a: { action: string; instance_uuid: string }) => void actions.push(a),
    },
    instances: {
      get: async (uuid: string) => rows.get(uuid) ?? null,
      create: async (instance: Instance) => {
        if (rows.has(instance.uuid)) throw new Conflict(`Instance ${instance.uuid} already exists.`);
        rows.set(instance.uuid, instance);
      },
      update: async (uuid: string, values: Partial<Instance>) => {
        const row = { ...rows.get(uuid)!, ...values } as Instance;
        rows.set(uuid, row);
        return row;
      },
      softDelete: async (uuid: string) => void rows.delete(uuid),
      addFault: async (fault: unknown) => void faults.push(fault),
    },
  };
  const deps = {
    api: {
      buildRequests: {
        get: async (uuid: string) => buildRequests.get(uuid) ?? null,
        delete: async (uuid: string) => buildRequests.delete(uuid),
      },
      instanceMappings: { setCell: async () => {}, get: async () => ({ cell_uuid: null }) },
      hostMappings: { get: async () => ({ cell_uuid: CELL1 }) },
    },
    cells: { get: async () => cell },
    localCell: cell,
    scheduler: { selectDestinations: async () => [[selection('compute2')]] },
    compute: { buildAndRunInstance: async (_c: unknown, host: string) => void handedTo.push(host) },
    placement: { deleteAllocations: async () => {} },
    clock: { now: () => 0 },
    defaultAvailabilityZone: 'nova',
    serviceDownTime: 60,
    precacheConcurrency: 1,
  } as unknown as ConductorDeps;
  return { deps, rows, buildRequests, handedTo, faults, actions };
}

const args = { instance_uuids: [UUID], request_spec: {} as never, image: null, admin_password: null };

describe('a redelivered build request', () => {
  it('moves a leftover cell row of the dead conductor to the new host and hands it over once', async () => {
    const leftover = { ...fresh, host: 'compute1', node: 'compute1', availability_zone: 'nova' } as Instance;
    const world = fakeDeployment(leftover);
    const endpoint = new ConductorManager(world.deps).endpoint();
    await endpoint.schedule_and_build_instances(ctx, args, { redelivered: true });
    expect(world.faults).toEqual([]);
    expect(world.rows.get(UUID)).toMatchObject({ host: 'compute2', node: 'compute2' });
    expect(world.buildRequests.has(UUID)).toBe(false);
    expect(world.handedTo).toEqual(['compute2']);
    expect(world.actions).toMatchObject([{ action: 'create', instance_uuid: UUID }]);
  });

  it('creates the row when the dead conductor had not written it', async () => {
    const world = fakeDeployment(null);
    await new ConductorManager(world.deps)
      .endpoint()
      .schedule_and_build_instances(ctx, args, { redelivered: true });
    expect(world.rows.get(UUID)).toMatchObject({ host: 'compute2' });
    expect(world.handedTo).toEqual(['compute2']);
  });

  it('reports the takeover of the leftover row as instance.update (Nova saves the instance)', async () => {
    const leftover = makeInstance({
      uuid: UUID,
      display_name: 'left',
      host: 'compute1',
      node: 'compute1',
      availability_zone: 'nova',
      vm_state: 'building',
      task_state: 'scheduling',
    });
    const world = fakeDeployment(leftover);
    const sent: { publisher: string; event: string; payload: any }[] = [];
    const notifier: Notifier = {
      notify: async (_c, publisher, event, _priority, payload) =>
        void sent.push({ publisher, event, payload }),
    };
    const deps = {
      ...world.deps,
      instanceUpdates: vmStateUpdateNotifier(notifier),
    } as ConductorDeps;
    await new ConductorManager(deps)
      .endpoint()
      .schedule_and_build_instances(ctx, args, { redelivered: true });
    expect(sent).toHaveLength(1);
    const data = sent[0].payload['nova_object.data'];
    expect(sent[0]).toMatchObject({ publisher: 'nova-compute:conductor1', event: 'instance.update' });
    expect(data).toMatchObject({
      uuid: UUID,
      host_name: expect.anything(),
      host: 'compute2',
      node: 'compute2',
    });
    expect(data.state_update['nova_object.data']).toEqual({
      old_state: 'building',
      state: 'building',
      old_task_state: 'scheduling',
      new_task_state: 'scheduling',
    });
    expect(data.old_display_name).toBeNull();
  });
});
