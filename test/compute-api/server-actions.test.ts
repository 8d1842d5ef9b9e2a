/**
 * Every server action end to end on the all-in-one cloud (fake driver,
 * SQLite): the state before and after, the instance action it records with
 * its compute event, Nova's 409 from a wrong state, and placement's
 * allocations across the moves (resize/migrate move claims, shelve offload
 * releasing, unshelve claiming again, evacuate off a host that is down).
 */
import { NovaConfig } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
});
afterAll(async () => {
  await t?.stop();
});

const mv = (version: string) => ({ 'openstack-api-version': `compute ${version}` });
const action = (id: string, body: unknown, version = '2.93', token = 'admin:admin') =>
  t.compute('POST', `/servers/${id}/action`, body, token, mv(version));

async function show(id: string) {
  return (await t.compute('GET', `/servers/${id}`, undefined, 'admin:admin', mv('2.93'))).body.server;
}

/** Waits until the server shows `status` with no task_state. */
function settle(id: string, status: string) {
  return waitFor(
    `server ${id} ${status}`,
    async () => {
      const s = await show(id);
      return s?.status === status && s['OS-EXT-STS:task_state'] === null ? s : undefined;
    },
    15_000,
  );
}

async function boot(name: string, token = 'admin:admin'): Promise<string> {
  const res = await t.compute(
    'POST',
    '/servers',
    { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
    token,
    mv('2.93'),
  );
  expect(res.status).toBe(202);
  await settle(res.body.server.id, 'ACTIVE');
  return res.body.server.id;
}

async function allocations(consumer: string): Promise<Record<string, { resources: Record<string, number> }>> {
  return (await t.placement('GET', `/allocations/${consumer}`)).body.allocations;
}

/** The instance action recorded for the last request of `name`, with its events. */
async function lastAction(id: string, name: string) {
  const list = await t.compute(
    'GET',
    `/servers/${id}/os-instance-actions`,
    undefined,
    'admin:admin',
    mv('2.93'),
  );
  const found = list.body.instanceActions.find((a: { action: string }) => a.action === name);
  expect(found, `instance action ${name}`).toBeTruthy();
  return waitFor(`events of ${name}`, async () => {
    const one = await t.compute(
      'GET',
      `/servers/${id}/os-instance-actions/${found.request_id}`,
      undefined,
      'admin:admin',
      mv('2.93'),
    );
    const events = one.body.instanceAction.events as { event: string; result: string | null }[];
    return events.length > 0 && events.every((e) => e.result !== null) ? one.body.instanceAction : undefined;
  });
}

describe('in-place actions', () => {
  it.each([
    {
      name: 'pause',
      body: { pause: null },
      status: 'PAUSED',
      event: 'compute_pause_instance',
      undo: { unpause: null },
    },
    {
      name: 'suspend',
      body: { suspend: null },
      status: 'SUSPENDED',
      event: 'compute_suspend_instance',
      undo: { resume: null },
    },
    {
      name: 'rescue',
      body: { rescue: { adminPass: 'rescue-pw' } },
      status: 'RESCUE',
      event: 'compute_rescue_instance',
      undo: { unrescue: null },
    },
    {
      name: 'stop',
      body: { 'os-stop': null },
      status: 'SHUTOFF',
      event: 'compute_stop_instance',
      undo: { 'os-start': null },
    },
  ])('$name and back: state, instance action with its event, 409 when repeated', async (c) => {
    const id = await boot(`inplace-${c.name}`);
    const res = await action(id, c.body);
    expect(res.status).toBe(c.name === 'rescue' ? 200 : 202);
    if (c.name === 'rescue') expect(res.body).toEqual({ adminPass: 'rescue-pw' });
    const after = await settle(id, c.status);
    expect(after['OS-EXT-STS:vm_state']).toBe(
      c.status === 'SHUTOFF' ? 'stopped' : c.status === 'RESCUE' ? 'rescued' : c.status.toLowerCase(),
    );
    const recorded = await lastAction(id, c.name);
    expect(recorded.events).toMatchObject([{ event: c.event, result: 'Success' }]);
    // A second time from the new state is Nova's 409 with its message.
    const again = await action(id, c.body);
    expect(again.status).toBe(409);
    expect(again.body.conflictingRequest.message).toMatch(
      new RegExp(`^Cannot '${c.name}' instance ${id} while it is in vm_state`),
    );
    const undo = await action(id, c.undo);
    expect(undo.status).toBe(202);
    await settle(id, 'ACTIVE');
  });

  it('changePassword, trigger_crash_dump and console output reach the guest', async () => {
    const id = await boot('guest-ops');
    expect((await action(id, { changePassword: { adminPass: 'n3w' } })).status).toBe(202);
    await settle(id, 'ACTIVE');
    expect((await lastAction(id, 'changePassword')).events[0]).toMatchObject({ result: 'Success' });
    expect((await action(id, { trigger_crash_dump: null })).status).toBe(202);
    await lastAction(id, 'trigger_crash_dump');
    const out = await action(id, { 'os-getConsoleOutput': { length: 1 } });
    expect(out.status).toBe(200);
    expect(out.body.output).toBe('NMI received: dumping core\n');
    const all = await action(id, { 'os-getConsoleOutput': {} });
    expect(all.body.output.split('\n').length).toBeGreaterThan(2);
  });

  it('rebuild keeps the host and answers the server with a password', async () => {
    const id = await boot('rebuild');
    const before = await show(id);
    const res = await action(id, { rebuild: { imageRef: IMAGE, name: 'rebuilt' } });
    expect(res.status).toBe(202);
    expect(res.body.server).toMatchObject({ id, name: 'rebuilt' });
    expect(typeof res.body.server.adminPass).toBe('string');
    const after = await settle(id, 'ACTIVE');
    expect(after['OS-EXT-SRV-ATTR:host']).toBe(before['OS-EXT-SRV-ATTR:host']);
    expect((await lastAction(id, 'rebuild')).events[0]).toMatchObject({
      event: 'compute_rebuild_instance',
      result: 'Success',
    });
  });

  it('os-resetState is admin only and clears the task_state', async () => {
    const id = await boot('reset', 'alice:proj-a');
    const denied = await action(id, { 'os-resetState': { state: 'error' } }, '2.93', 'alice:proj-a');
    expect(denied.status).toBe(403);
    expect(denied.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-admin-actions:reset_state to be performed.",
    );
    expect((await action(id, { 'os-resetState': { state: 'error' } })).status).toBe(202);
    expect((await show(id)).status).toBe('ERROR');
    expect((await action(id, { 'os-resetState': { state: 'active' } })).status).toBe(202);
    expect((await show(id)).status).toBe('ACTIVE');
    expect((await action(id, { 'os-resetState': { state: 'paused' } })).status).toBe(400);
  });

  it('lock with a reason (2.73) blocks the owner, not the admin; security groups change', async () => {
    const id = await boot('locked', 'alice:proj-a');
    expect(
      (await action(id, { lock: { locked_reason: 'maintenance' } }, '2.73', 'alice:proj-a')).status,
    ).toBe(202);
    expect((await show(id)).locked_reason).toBe('maintenance');
    const blocked = await action(id, { pause: null }, '2.93', 'alice:proj-a');
    expect(blocked.status).toBe(409);
    expect(blocked.body.conflictingRequest.message).toBe(`Instance ${id} is locked`);
    expect((await action(id, { unlock: null }, '2.93', 'alice:proj-a')).status).toBe(202);
    expect((await action(id, { addSecurityGroup: { name: 'web' } })).status).toBe(202);
    expect((await show(id)).security_groups).toEqual([{ name: 'default' }, { name: 'web' }]);
    expect((await action(id, { addSecurityGroup: { name: 'web' } })).status).toBe(400);
    expect((await action(id, { removeSecurityGroup: { name: 'web' } })).status).toBe(202);
    expect((await action(id, { removeSecurityGroup: { name: 'web' } })).status).toBe(400);
  });
});

describe('moves', () => {
  it('resize holds the source allocation under the migration until confirm', async () => {
    const id = await boot('resize');
    const source = (await show(id))['OS-EXT-SRV-ATTR:host'];
    expect((await action(id, { resize: { flavorRef: '2' } })).status).toBe(202);
    const resized = await settle(id, 'VERIFY_RESIZE');
    expect(resized.flavor.original_name).toBe('m1.small');
    expect(resized['OS-EXT-SRV-ATTR:host']).not.toBe(source);
    const migrations = await t.compute(
      'GET',
      `/os-migrations?instance_uuid=${id}`,
      undefined,
      'admin:admin',
      mv('2.59'),
    );
    const migration = migrations.body.migrations[0];
    expect(migration).toMatchObject({ status: 'finished', migration_type: 'resize', source_compute: source });
    expect(Object.values(await allocations(migration.uuid))[0].resources.MEMORY_MB).toBe(512);
    expect(Object.values(await allocations(id))[0].resources.MEMORY_MB).toBe(2048);
    expect((await action(id, { confirmResize: null })).status).toBe(204);
    await settle(id, 'ACTIVE');
    await waitFor('migration allocation gone', async () =>
      Object.keys(await allocations(migration.uuid)).length === 0 ? true : undefined,
    );
    const done = await t.compute(
      'GET',
      `/os-migrations?instance_uuid=${id}`,
      undefined,
      'admin:admin',
      mv('2.59'),
    );
    expect(done.body.migrations[0].status).toBe('confirmed');
    expect((await action(id, { confirmResize: null })).status).toBe(409);
  });

  it('revertResize brings the old flavor and host back with their allocation', async () => {
    const id = await boot('revert');
    const source = (await show(id))['OS-EXT-SRV-ATTR:host'];
    expect((await action(id, { resize: { flavorRef: '2' } })).status).toBe(202);
    await settle(id, 'VERIFY_RESIZE');
    expect((await action(id, { revertResize: null })).status).toBe(202);
    const back = await settle(id, 'ACTIVE');
    expect(back['OS-EXT-SRV-ATTR:host']).toBe(source);
    expect(back.flavor.original_name).toBe('m1.tiny');
    expect(Object.values(await allocations(id))[0].resources.MEMORY_MB).toBe(512);
    expect((await action(id, { resize: { flavorRef: '1' } })).status).toBe(400);
  });

  it('migrate (cold) and os-migrateLive move the server to another host', async () => {
    const id = await boot('migrate');
    const first = (await show(id))['OS-EXT-SRV-ATTR:host'];
    expect((await action(id, { migrate: null })).status).toBe(202);
    const moved = await settle(id, 'VERIFY_RESIZE');
    expect(moved['OS-EXT-SRV-ATTR:host']).not.toBe(first);
    expect((await action(id, { confirmResize: null })).status).toBe(204);
    await settle(id, 'ACTIVE');
    const second = (await show(id))['OS-EXT-SRV-ATTR:host'];
    expect((await action(id, { 'os-migrateLive': { host: null, block_migration: 'auto' } })).status).toBe(
      202,
    );
    const live = await waitFor('live migrated', async () => {
      const s = await show(id);
      return s['OS-EXT-SRV-ATTR:host'] !== second && s['OS-EXT-STS:task_state'] === null ? s : undefined;
    });
    expect(live.status).toBe('ACTIVE');
    expect(Object.keys(await allocations(id))).toHaveLength(1);
    expect((await lastAction(id, 'live-migration')).events.map((e: { event: string }) => e.event)).toContain(
      'compute_live_migration',
    );
    // The block_migration "auto" value is 2.25's; before it, 400.
    expect(
      (
        await action(
          id,
          { 'os-migrateLive': { host: null, block_migration: 'auto', disk_over_commit: false } },
          '2.24',
        )
      ).status,
    ).toBe(400);
  });

  it('shelve releases the allocation, unshelve schedules and claims again', async () => {
    const id = await boot('shelve');
    expect((await action(id, { shelve: null })).status).toBe(202);
    const shelved = await settle(id, 'SHELVED_OFFLOADED');
    expect(shelved['OS-EXT-SRV-ATTR:host']).toBeNull();
    expect(await allocations(id)).toEqual({});
    expect((await action(id, { pause: null })).status).toBe(409);
    expect((await action(id, { unshelve: null })).status).toBe(202);
    const back = await settle(id, 'ACTIVE');
    expect(back['OS-EXT-SRV-ATTR:host']).toBeTruthy();
    expect(Object.keys(await allocations(id))).toHaveLength(1);
  });

  it('evacuate is refused while the host is up and rebuilds elsewhere once it is forced down', async () => {
    const id = await boot('evacuate');
    const host = (await show(id))['OS-EXT-SRV-ATTR:host'];
    const up = await action(id, { evacuate: {} }, '2.14');
    expect(up.status).toBe(409);
    expect(up.body.conflictingRequest.message).toBe(`Compute service of ${host} is still in use.`);
    const services = await t.compute(
      'GET',
      `/os-services?host=${host}&binary=nova-compute`,
      undefined,
      'admin:admin',
      mv('2.53'),
    );
    const svc = services.body.services[0].id;
    expect(
      (await t.compute('PUT', `/os-services/${svc}`, { forced_down: true }, 'admin:admin', mv('2.53')))
        .status,
    ).toBe(200);
    try {
      const res = await action(id, { evacuate: {} }, '2.14');
      expect(res.status).toBe(200);
      const moved = await waitFor('evacuated', async () => {
        const s = await show(id);
        return s['OS-EXT-SRV-ATTR:host'] !== host && s['OS-EXT-STS:task_state'] === null ? s : undefined;
      });
      expect(moved.status).toBe('ACTIVE');
    } finally {
      await t.compute('PUT', `/os-services/${svc}`, { forced_down: false }, 'admin:admin', mv('2.53'));
    }
  });
});

describe('microversion boundaries and dispatch', () => {
  it('serves trigger_crash_dump from 2.17, lock reasons from 2.73, tags from 2.26, topology from 2.78', async () => {
    const id = await boot('versions');
    expect((await action(id, { trigger_crash_dump: null }, '2.16')).status).toBe(404);
    expect((await action(id, { lock: { locked_reason: 'x' } }, '2.72')).status).toBe(202);
    expect((await show(id)).locked_reason).toBeNull();
    expect((await action(id, { unlock: null }, '2.72')).status).toBe(202);
    expect((await action(id, { lock: { locked_reason: '' } }, '2.73')).status).toBe(400);
    expect((await t.compute('GET', `/servers/${id}/tags`, undefined, 'admin:admin', mv('2.25'))).status).toBe(
      404,
    );
    expect(
      (await t.compute('PUT', `/servers/${id}/tags/blue`, undefined, 'admin:admin', mv('2.26'))).status,
    ).toBe(201);
    expect(
      (await t.compute('PUT', `/servers/${id}/tags/blue`, undefined, 'admin:admin', mv('2.26'))).status,
    ).toBe(204);
    expect((await show(id)).tags).toEqual(['blue']);
    expect(
      (await t.compute('GET', `/servers/${id}/topology`, undefined, 'admin:admin', mv('2.77'))).status,
    ).toBe(404);
    expect(
      (await t.compute('GET', `/servers/${id}/topology`, undefined, 'admin:admin', mv('2.78'))).body,
    ).toEqual({
      nodes: [],
      pagesize_kb: null,
    });
  });

  it('validates migrate bodies only from 2.56 and onSharedStorage only before 2.14', async () => {
    const id = await boot('mig-version');
    // NOTE(nova): before 2.56 the migrate body is not validated, so a host is ignored.
    expect((await action(id, { migrate: { host: 'nowhere' } }, '2.55')).status).toBe(202);
    await settle(id, 'VERIFY_RESIZE');
    expect((await action(id, { confirmResize: null })).status).toBe(204);
    await settle(id, 'ACTIVE');
    const unknown = await action(id, { migrate: { host: 'nowhere' } }, '2.56');
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe('Compute host nowhere could not be found.');
    expect((await action(id, { migrate: { hots: 'x' } }, '2.56')).status).toBe(400);
    expect((await action(id, { evacuate: { onSharedStorage: false } }, '2.13')).status).toBe(409);
    expect((await action(id, { evacuate: {} }, '2.13')).status).toBe(400);
    expect((await action(id, { evacuate: { onSharedStorage: false } }, '2.14')).status).toBe(400);
  });

  it('hypervisor statistics up to 2.87, flavor descriptions from 2.55', async () => {
    expect(
      (await t.compute('GET', '/os-hypervisors/statistics', undefined, 'admin:admin', mv('2.87'))).body
        .hypervisor_statistics.count,
    ).toBe(3);
    expect(
      (await t.compute('GET', '/os-hypervisors/statistics', undefined, 'admin:admin', mv('2.88'))).status,
    ).not.toBe(200);
    expect(
      (await t.compute('PUT', '/flavors/1', { flavor: { description: 'tiny' } }, 'admin:admin', mv('2.54')))
        .status,
    ).toBe(404);
    const put = await t.compute(
      'PUT',
      '/flavors/1',
      { flavor: { description: 'tiny' } },
      'admin:admin',
      mv('2.55'),
    );
    expect(put.status).toBe(200);
    expect(put.body.flavor.description).toBe('tiny');
  });

  it('answers unknown actions 400, wrong methods 405 with Allow, bad changes-since 400', async () => {
    const id = await boot('dispatch');
    const unknown = await action(id, { frobnicate: null });
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe('There is no such action: frobnicate');
    expect((await action(id, { pause: null, unpause: null })).status).toBe(400);
    const patch = await t.compute('PATCH', `/servers/${id}`, {});
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE');
    const since = await t.compute('GET', '/servers/detail?changes-since=yesterday');
    expect(since.status).toBe(400);
    expect(since.body.badRequest.message).toContain("'yesterday' is not a 'date-time'");
    expect((await t.compute('GET', '/os-cells')).status).toBe(410);
  });
});

describe('deferred delete', () => {
  it('soft-deletes with reclaim_instance_interval, restores and force-deletes', async () => {
    const soft = await startTestCloud('sqlite', {
      config: NovaConfig.fromSources(['[DEFAULT]\nreclaim_instance_interval = 3600\n']),
    });
    try {
      const res = await soft.compute('POST', '/servers', {
        server: { name: 'soft', imageRef: IMAGE, flavorRef: '1' },
      });
      const id = res.body.server.id;
      const state = async () => (await soft.compute('GET', `/servers/${id}`)).body.server;
      await waitFor('active', async () => ((await state())?.status === 'ACTIVE' ? true : undefined));
      expect((await soft.compute('DELETE', `/servers/${id}`)).status).toBe(204);
      await waitFor('soft deleted', async () =>
        (await state())?.status === 'SOFT_DELETED' ? true : undefined,
      );
      expect((await soft.compute('POST', `/servers/${id}/action`, { restore: null })).status).toBe(202);
      await waitFor('restored', async () => {
        const s = await state();
        return s?.status === 'ACTIVE' && s['OS-EXT-STS:task_state'] === null ? true : undefined;
      });
      expect((await soft.compute('DELETE', `/servers/${id}`)).status).toBe(204);
      await waitFor('soft deleted again', async () =>
        (await state())?.status === 'SOFT_DELETED' ? true : undefined,
      );
      expect((await soft.compute('POST', `/servers/${id}/action`, { forceDelete: null })).status).toBe(202);
      await waitFor('gone', async () =>
        (await soft.compute('GET', `/servers/${id}`)).status === 404 ? true : undefined,
      );
    } finally {
      await soft.stop();
    }
  });
});
