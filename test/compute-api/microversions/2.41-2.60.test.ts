/**
 * Microversions 2.41 to 2.60 at each boundary of a route Novats serves: the
 * request at N-1 and at N, asserting what changes (docs/microversions.md).
 */
import { adminContext } from '@novats/core';
import { fakeVolumesFor, PRIVATE_NETWORK_ID } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageDiskAndBlankVolume } from '../../support/block-device-mappings.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { ALICE, boot, caller, IMAGE, statusAcross, waitForStatus } from './mv-support.js';

let t: TestCloud;
const call = caller(() => t);
let server: string;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
  server = await boot(call, 'mv-b');
});
afterAll(async () => {
  await t?.stop();
});

describe('2.41 aggregate uuid', () => {
  it('shows uuid from 2.41', async () => {
    const created = await call('POST', '/os-aggregates', '2.41', { aggregate: { name: 'agg41' } });
    expect(created.body.aggregate.uuid).toMatch(/^[0-9a-f-]{36}$/);
    const id = created.body.aggregate.id;
    expect((await call('GET', `/os-aggregates/${id}`, '2.40')).body.aggregate).not.toHaveProperty('uuid');
    expect((await call('GET', `/os-aggregates/${id}`, '2.41')).body.aggregate.uuid).toBe(
      created.body.aggregate.uuid,
    );
  });
});

describe('2.46 request id header', () => {
  it('answers x-openstack-request-id beside x-compute-request-id at 2.45 and 2.46 alike', async () => {
    for (const v of ['2.45', '2.46']) {
      const res = await call('GET', '/flavors', v);
      expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-/);
      expect(res.headers.get('x-compute-request-id')).toMatch(/^req-/);
    }
  });
});

describe('2.47 embedded flavor in the server', () => {
  it('shows the flavor link before 2.47 and its details from 2.47', async () => {
    const before = (await call('GET', `/servers/${server}`, '2.46')).body.server.flavor;
    expect(before).toMatchObject({ id: '1' });
    expect(before.links[0].href).toMatch(/\/flavors\/1$/);
    const at = (await call('GET', `/servers/${server}`, '2.47')).body.server.flavor;
    expect(at).not.toHaveProperty('id');
    expect(at).toMatchObject({
      vcpus: 1,
      ram: 512,
      disk: 1,
      ephemeral: 0,
      swap: 0,
      original_name: 'm1.tiny',
    });
    expect(at.extra_specs).toEqual({});
  });
});

describe('2.48 standard diagnostics', () => {
  it('is driver specific before 2.48 and standardized from 2.48', async () => {
    const before = await call('GET', `/servers/${server}/diagnostics`, '2.47');
    expect(before.status).toBe(200);
    expect(before.body).not.toHaveProperty('driver');
    const at = await call('GET', `/servers/${server}/diagnostics`, '2.48');
    for (const k of [
      'state',
      'driver',
      'hypervisor',
      'uptime',
      'num_cpus',
      'cpu_details',
      'memory_details',
      'nic_details',
      'disk_details',
    ]) {
      expect(at.body, k).toHaveProperty(k);
    }
  });
});

describe('2.51 volume-extended event; instance action events for owners', () => {
  it('accepts the volume-extended event name from 2.51', async () => {
    const body = { events: [{ name: 'volume-extended', server_uuid: server, tag: 'vol-1' }] };
    const before = await call('POST', '/os-server-external-events', '2.50', body);
    expect(before.status).toBe(400);
    const at = await call('POST', '/os-server-external-events', '2.51', body);
    expect(at.status).toBe(200);
    expect(at.body.events[0]).toMatchObject({ name: 'volume-extended', code: 200, status: 'completed' });
  });

  it('shows events to the owner from 2.51, without traceback', async () => {
    const mine = await boot(call, 'mv-owner', ALICE);
    const actions = (await call('GET', `/servers/${mine}/os-instance-actions`, '2.1', undefined, ALICE)).body;
    const req = actions.instanceActions[0].request_id;
    const path = `/servers/${mine}/os-instance-actions/${req}`;
    expect((await call('GET', path, '2.50', undefined, ALICE)).body.instanceAction).not.toHaveProperty(
      'events',
    );
    const at = (await call('GET', path, '2.51', undefined, ALICE)).body.instanceAction;
    expect(at.events.length).toBeGreaterThan(0);
    expect(at.events[0]).not.toHaveProperty('traceback');
    expect((await call('GET', path, '2.50')).body.instanceAction.events[0]).toHaveProperty('traceback');
  });
});

describe('2.53 services and hypervisors by uuid', () => {
  it('lists services with integer ids before 2.53 and uuids from 2.53; PUT by uuid from 2.53', async () => {
    const before = (await call('GET', '/os-services?binary=nova-compute', '2.52')).body.services[0];
    expect(typeof before.id).toBe('number');
    const at = (await call('GET', '/os-services?binary=nova-compute', '2.53')).body.services[0];
    expect(at.id).toMatch(/^[0-9a-f-]{36}$/);
    const [old] = await statusAcross(
      call,
      'PUT',
      '/os-services/disable',
      ['2.52', '2.53'],
      { host: at.host, binary: 'nova-compute' },
      [200, 400],
    );
    expect(old.body.service.status).toBe('disabled');
    // NOTE(nova): from 2.53 the path segment is a service uuid: "disable" is not one.
    expect((await call('PUT', '/os-services/disable', '2.53', {})).body.badRequest.message).toBe(
      'Invalid uuid disable',
    );
    const put = await call('PUT', `/os-services/${at.id}`, '2.53', { status: 'enabled' });
    expect(put.body.service).toMatchObject({ id: at.id, status: 'enabled' });
  });

  it('identifies hypervisors by uuid from 2.53 and drops /search and /servers', async () => {
    const before = (await call('GET', '/os-hypervisors', '2.52')).body.hypervisors[0];
    expect(typeof before.id).toBe('number');
    const at = (await call('GET', '/os-hypervisors', '2.53')).body.hypervisors[0];
    expect(at.id).toMatch(/^[0-9a-f-]{36}$/);
    const name = at.hypervisor_hostname;
    await statusAcross(
      call,
      'GET',
      `/os-hypervisors/${name}/search`,
      ['2.52', '2.53'],
      undefined,
      [200, 404],
    );
    await statusAcross(
      call,
      'GET',
      `/os-hypervisors/${name}/servers`,
      ['2.52', '2.53'],
      undefined,
      [200, 404],
    );
    const pattern = await call(
      'GET',
      `/os-hypervisors?hypervisor_hostname_pattern=${name}&with_servers=true`,
      '2.53',
    );
    expect(pattern.body.hypervisors).toHaveLength(1);
  });
});

describe('2.54 rebuild with key_name; 2.57 rebuild with user_data, no personality', () => {
  it('takes key_name from 2.54 and shows it in the reply', async () => {
    await call('POST', '/os-keypairs', '2.2', { keypair: { name: 'rk' } });
    const body = { rebuild: { imageRef: IMAGE, key_name: 'rk' } };
    const [before, at] = await statusAcross(
      call,
      'POST',
      `/servers/${server}/action`,
      ['2.53', '2.54'],
      body,
      [400, 202],
    );
    expect(before.body.badRequest.message).toMatch(/Additional properties/);
    expect(at.body.server.key_name).toBe('rk');
    await waitForStatus(call, server, 'ACTIVE');
    expect((await call('GET', `/servers/${server}`, '2.54')).body.server.key_name).toBe('rk');
    const unknown = await call('POST', `/servers/${server}/action`, '2.54', {
      rebuild: { imageRef: IMAGE, key_name: 'nope' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe('Invalid key_name provided.');
  });

  it('takes user_data and drops personality at 2.57', async () => {
    const ud = Buffer.from('#!/bin/sh\necho hi\n').toString('base64');
    const body = { rebuild: { imageRef: IMAGE, user_data: ud } };
    await statusAcross(call, 'POST', `/servers/${server}/action`, ['2.56', '2.56'], body, [400, 400]);
    const at = await call('POST', `/servers/${server}/action`, '2.57', body);
    expect(at.status).toBe(202);
    expect(at.body.server.user_data).toBe(ud);
    await waitForStatus(call, server, 'ACTIVE');
    const personality = { rebuild: { imageRef: IMAGE, personality: [] } };
    const [ok] = await statusAcross(
      call,
      'POST',
      `/servers/${server}/action`,
      ['2.56', '2.57'],
      personality,
      [202, 400],
    );
    expect(ok.body.server).not.toHaveProperty('user_data');
    await waitForStatus(call, server, 'ACTIVE');
  });

  it('drops maxPersonality and maxPersonalitySize from /limits at 2.57', async () => {
    expect((await call('GET', '/limits', '2.56')).body.limits.absolute).toHaveProperty('maxPersonality');
    const at = (await call('GET', '/limits', '2.57')).body.limits.absolute;
    expect(at).not.toHaveProperty('maxPersonality');
    expect(at).not.toHaveProperty('maxPersonalitySize');
  });
});

describe('2.55 flavor description', () => {
  it('shows description and serves PUT /flavors/{id} from 2.55', async () => {
    expect((await call('GET', '/flavors', '2.54')).body.flavors[0]).not.toHaveProperty('description');
    expect((await call('GET', '/flavors', '2.55')).body.flavors[0]).toHaveProperty('description');
    const body = { flavor: { description: 'tiny one' } };
    const [, at] = await statusAcross(call, 'PUT', '/flavors/1', ['2.54', '2.55'], body, [404, 200]);
    expect(at.body.flavor.description).toBe('tiny one');
    const create = { flavor: { name: 'd55', ram: 64, vcpus: 1, disk: 0, description: 'x' } };
    await statusAcross(call, 'POST', '/flavors', ['2.54', '2.55'], create, [400, 200]);
  });
});

describe('2.56 migrate to a host', () => {
  it('checks the host from 2.56 (ignored before)', async () => {
    const body = { migrate: { host: 'no-such-host' } };
    const at = await call('POST', `/servers/${server}/action`, '2.56', body);
    expect(at.status).toBe(400);
    const before = await call('POST', `/servers/${server}/action`, '2.55', body);
    expect(before.status).toBe(202);
    await waitForStatus(call, server, 'VERIFY_RESIZE');
    expect((await call('POST', `/servers/${server}/action`, '2.1', { confirmResize: null })).status).toBe(
      204,
    );
    await waitForStatus(call, server, 'ACTIVE');
  });
});

describe('2.58 instance actions paging; 2.59 migrations paging and uuid', () => {
  it('pages instance actions and shows updated_at from 2.58', async () => {
    const path = `/servers/${server}/os-instance-actions?limit=1`;
    const before = await call('GET', path, '2.57');
    expect(before.body.instanceActions.length).toBeGreaterThan(1);
    expect(before.body.instanceActions[0]).not.toHaveProperty('updated_at');
    const at = await call('GET', path, '2.58');
    expect(at.body.instanceActions).toHaveLength(1);
    expect(at.body.instanceActions[0]).toHaveProperty('updated_at');
    expect(at.body.links[0].href).toContain(`marker=${at.body.instanceActions[0].request_id}`);
    const bad = await call('GET', `/servers/${server}/os-instance-actions?changes-since=yesterday`, '2.58');
    expect(bad.status).toBe(400);
  });

  it('pages os-migrations and shows uuid from 2.59', async () => {
    const before = await call('GET', '/os-migrations?limit=0', '2.58');
    expect(before.body.migrations.length).toBeGreaterThan(0);
    expect(before.body.migrations[0]).not.toHaveProperty('uuid');
    expect((await call('GET', '/os-migrations?limit=0', '2.59')).body.migrations).toEqual([]);
    const at = await call('GET', '/os-migrations?limit=1', '2.59');
    expect(at.body.migrations).toHaveLength(1);
    expect(at.body.migrations[0].uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(at.body.migrations_links[0].href).toContain(`marker=${at.body.migrations[0].uuid}`);
  });

  it('ignores unknown os-migrations query parameters before 2.59 and refuses them from 2.59', async () => {
    const [before, at] = await statusAcross(
      call,
      'GET',
      '/os-migrations?bogus=1',
      ['2.58', '2.59'],
      undefined,
      [200, 400],
    );
    expect(before.body.migrations.length).toBeGreaterThan(0);
    expect(JSON.stringify(at.body)).toContain('bogus');
    // The known filters and the 2.59 paging parameters stay accepted; limit is single-valued.
    await statusAcross(
      call,
      'GET',
      '/os-migrations?status=done&limit=1',
      ['2.58', '2.59'],
      undefined,
      [200, 200],
    );
    await statusAcross(
      call,
      'GET',
      '/os-migrations?limit=1&limit=2',
      ['2.58', '2.59'],
      undefined,
      [200, 400],
    );
  });
});

describe('2.42 device tags restored at create; 2.57 personality removed', () => {
  const bdm = (extra: object) => ({
    server: {
      name: 'tags42',
      imageRef: IMAGE,
      flavorRef: '1',
      networks: [{ uuid: PRIVATE_NETWORK_ID, tag: 'nic' }],
      block_device_mapping_v2: imageDiskAndBlankVolume(IMAGE, extra),
    },
  });

  it('refuses tag on networks and BDMv2 at 2.41 and takes both from 2.42', async () => {
    await statusAcross(call, 'POST', '/servers', ['2.41', '2.42'], bdm({ tag: 'disk' }), [400, 202]);
    // The networks tag alone is refused at 2.41 too.
    expect((await call('POST', '/servers', '2.41', bdm({}))).status).toBe(400);
  });

  it('takes personality at 2.56 and refuses it from 2.57', async () => {
    const body = {
      server: { name: 'p57', imageRef: IMAGE, flavorRef: '1', networks: 'none', personality: [] },
    };
    const [, at] = await statusAcross(call, 'POST', '/servers', ['2.56', '2.57'], body, [202, 400]);
    expect(at.body.badRequest.message).toMatch(/personality/);
  });
});

describe('2.60 multiattach volumes', () => {
  const OLD = 'Multiattach volumes are only supported starting with compute API version 2.60.';

  it('refuses a multiattach volume before 2.60 and attaches it to two servers from 2.60', async () => {
    const volumes = fakeVolumesFor(t.cloud.apiDatabase);
    const ctx = adminContext('mv-2.60');
    const shared = await volumes.create(ctx, { size: 1, multiattach: true });
    const other = await boot(call, 'mv-multi-2');
    const attach = (id: string, volumeId: string, v: string) =>
      call('POST', `/servers/${id}/os-volume_attachments`, v, { volumeAttachment: { volumeId } });
    const before = await attach(server, shared.id, '2.59');
    expect(before.status).toBe(400);
    expect(before.body.badRequest.message).toBe(OLD);
    expect((await attach(server, shared.id, '2.60')).status).toBe(200);
    expect((await attach(other, shared.id, '2.60')).status).toBe(200);
    const after = await volumes.get(ctx, shared.id);
    expect(after.status).toBe('in-use');
    expect(after.attachments.map((a) => a.instance_uuid).sort()).toEqual([server, other].sort());
    for (const id of [server, other]) {
      const listed = await call('GET', `/servers/${id}/os-volume_attachments`, '2.60');
      expect(listed.body.volumeAttachments.map((a: { volumeId: string }) => a.volumeId)).toContain(shared.id);
    }
    // A single-attach volume in use stays refused at 2.60.
    const single = await volumes.create(ctx, { size: 1 });
    expect((await attach(server, single.id, '2.60')).status).toBe(200);
    expect((await attach(other, single.id, '2.60')).status).toBe(400);
    // Swapping a volume other servers still use is refused, as Nova.
    const fresh = await volumes.create(ctx, { size: 1 });
    const swap = await call('PUT', `/servers/${server}/os-volume_attachments/${shared.id}`, '2.60', {
      volumeAttachment: { volumeId: fresh.id },
    });
    expect(swap.status).toBe(400);
    expect(swap.body.badRequest.message).toBe(
      'Swapping multi-attach volumes with more than one read/write attachment is not supported.',
    );
    // Detach from one server leaves the other attachment.
    expect(
      (await call('DELETE', `/servers/${other}/os-volume_attachments/${shared.id}`, '2.60')).status,
    ).toBe(202);
    expect((await volumes.get(ctx, shared.id)).attachments.map((a) => a.instance_uuid)).toEqual([server]);
  });

  it('refuses a multiattach volume in block_device_mapping_v2 before 2.60', async () => {
    const volumes = fakeVolumesFor(t.cloud.apiDatabase);
    const shared = await volumes.create(adminContext('mv-2.60-create'), { size: 1, multiattach: true });
    const body = {
      server: {
        name: 'mv-multi-create',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: 'none',
        block_device_mapping_v2: [
          { source_type: 'image', destination_type: 'local', uuid: IMAGE, boot_index: 0 },
          { source_type: 'volume', destination_type: 'volume', uuid: shared.id },
        ],
      },
    };
    const [before, at] = await statusAcross(call, 'POST', '/servers', ['2.59', '2.60'], body, [400, 202]);
    expect(before.body.badRequest.message).toBe(OLD);
    await waitForStatus(call, at.body.server.id, 'ACTIVE');
  });
});
