/**
 * Microversions 2.1 to 2.20 at each boundary of a route Novats serves: the
 * request at N-1 and at N, asserting what changes (docs/microversions.md).
 */
import { adminContext } from '@novats/core';
import { fakeVolumesFor } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageDiskAndBlankVolume } from '../../support/block-device-mappings.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { ADMIN, ALICE, boot, caller, IMAGE, statusAcross, waitForStatus } from './mv-support.js';

let t: TestCloud;
const call = caller(() => t);
let server: string;
let aliceServer: string;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
  server = await boot(call, 'mv-admin');
  aliceServer = await boot(call, 'mv-alice', ALICE);
});
afterAll(async () => {
  await t?.stop();
});

describe('2.1', () => {
  it('validates bodies strictly: an unknown key in PUT /servers/{id} is 400', async () => {
    const res = await call('PUT', `/servers/${server}`, '2.1', { server: { nickname: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toMatch(/Additional properties are not allowed/);
  });
});

describe('2.2 keypair type; create 201 and delete 204', () => {
  it('creates with 200 and no type before, 201 with type from 2.2', async () => {
    const before = await call('POST', '/os-keypairs', '2.1', { keypair: { name: 'k21' } });
    expect(before.status).toBe(200);
    expect(before.body.keypair).not.toHaveProperty('type');
    const at = await call('POST', '/os-keypairs', '2.2', { keypair: { name: 'k22', type: 'ssh' } });
    expect(at.status).toBe(201);
    expect(at.body.keypair.type).toBe('ssh');
    // `type` is an unknown key before 2.2.
    expect((await call('POST', '/os-keypairs', '2.1', { keypair: { name: 'k', type: 'ssh' } })).status).toBe(
      400,
    );
    expect((await call('GET', '/os-keypairs/k22', '2.1')).body.keypair).not.toHaveProperty('type');
    expect((await call('GET', '/os-keypairs/k22', '2.2')).body.keypair.type).toBe('ssh');
    const list = await call('GET', '/os-keypairs', '2.2');
    expect(list.body.keypairs.every((k: { keypair: object }) => 'type' in k.keypair)).toBe(true);
    expect((await call('DELETE', '/os-keypairs/k21', '2.1')).status).toBe(202);
    expect((await call('DELETE', '/os-keypairs/k22', '2.2')).status).toBe(204);
  });
});

describe('2.3 more extended server attributes', () => {
  it('shows reservation_id, launch_index, hostname, kernel/ramdisk, root device, user_data to admins from 2.3', async () => {
    const before = (await call('GET', `/servers/${server}`, '2.2')).body.server;
    expect(before['OS-EXT-SRV-ATTR:host']).toMatch(/^compute\d$/);
    expect(before).not.toHaveProperty('OS-EXT-SRV-ATTR:reservation_id');
    const at = (await call('GET', `/servers/${server}`, '2.3')).body.server;
    for (const k of [
      'reservation_id',
      'launch_index',
      'hostname',
      'kernel_id',
      'ramdisk_id',
      'root_device_name',
      'user_data',
    ]) {
      expect(at, k).toHaveProperty(`OS-EXT-SRV-ATTR:${k}`);
    }
    expect(at['OS-EXT-SRV-ATTR:reservation_id']).toMatch(/^r-/);
    // Not for the owner without the admin role.
    const owner = (await call('GET', `/servers/${aliceServer}`, '2.3', undefined, ALICE)).body.server;
    expect(owner).not.toHaveProperty('OS-EXT-SRV-ATTR:host');
    expect(owner).not.toHaveProperty('OS-EXT-SRV-ATTR:reservation_id');
  });

  it('shows delete_on_termination in volumes_attached from 2.3', async () => {
    const id = await boot(call, 'mv-bdm', undefined, {
      block_device_mapping_v2: imageDiskAndBlankVolume(IMAGE),
    });
    const before = (await call('GET', `/servers/${id}`, '2.2')).body.server[
      'os-extended-volumes:volumes_attached'
    ];
    expect(before).toHaveLength(1);
    expect(Object.keys(before[0])).toEqual(['id']);
    const at = (await call('GET', `/servers/${id}`, '2.3')).body.server[
      'os-extended-volumes:volumes_attached'
    ];
    expect(at).toEqual([{ id: before[0].id, delete_on_termination: true }]);
  });
});

describe('2.4 os-fixed-ips reserved', () => {
  it('is gone in Zed at every microversion (410)', async () => {
    await statusAcross(call, 'GET', '/os-fixed-ips/192.168.1.1', ['2.3', '2.4'], undefined, [410, 410]);
  });
});

describe('2.6 remote-consoles replaces os-get*Console', () => {
  it('POST /servers/{id}/remote-consoles is 404 before 2.6', async () => {
    const body = { remote_console: { protocol: 'vnc', type: 'novnc' } };
    const [, at] = await statusAcross(
      call,
      'POST',
      `/servers/${server}/remote-consoles`,
      ['2.5', '2.6'],
      body,
      [404, 200],
    );
    expect(at.body.remote_console).toMatchObject({ protocol: 'vnc', type: 'novnc' });
    expect(at.body.remote_console.url).toMatch(/token/);
  });

  it('os-getVNCConsole works up to 2.5 and is 404 from 2.6', async () => {
    const body = { 'os-getVNCConsole': { type: 'novnc' } };
    const [before] = await statusAcross(
      call,
      'POST',
      `/servers/${server}/action`,
      ['2.5', '2.6'],
      body,
      [200, 404],
    );
    expect(before.body.console).toMatchObject({ type: 'novnc' });
  });
});

describe('2.7 flavor access to a public flavor', () => {
  it('is accepted before 2.7 and 409 from 2.7', async () => {
    const body = { addTenantAccess: { tenant: 'proj-z' } };
    const [, at] = await statusAcross(call, 'POST', '/flavors/1/action', ['2.6', '2.7'], body, [200, 409]);
    expect(at.body.conflictingRequest.message).toBe('Can not add access to a public flavor.');
    await call('POST', '/flavors/1/action', '2.6', { removeTenantAccess: { tenant: 'proj-z' } });
  });
});

describe('2.8 mks/webmks consoles', () => {
  it('rejects protocol mks in the body before 2.8 and accepts it from 2.8', async () => {
    const body = { remote_console: { protocol: 'mks', type: 'webmks' } };
    const before = await call('POST', `/servers/${server}/remote-consoles`, '2.7', body);
    expect(before.status).toBe(400);
    expect(before.body.badRequest.message).toMatch(/Invalid input for field\/attribute protocol/);
    const at = await call('POST', `/servers/${server}/remote-consoles`, '2.8', body);
    // The fake driver has no MKS console: past the schema, the host answers.
    expect(at.body.badRequest?.message ?? '').not.toMatch(/Invalid input for field/);
    expect([200, 400, 501]).toContain(at.status);
  });
});

describe('2.9 locked', () => {
  it('appears in the server from 2.9', async () => {
    expect((await call('GET', `/servers/${server}`, '2.8')).body.server).not.toHaveProperty('locked');
    expect((await call('GET', `/servers/${server}`, '2.9')).body.server.locked).toBe(false);
    const list = await call('GET', '/servers/detail', '2.9');
    expect(list.body.servers[0]).toHaveProperty('locked');
  });
});

describe('2.10 keypairs of other users for admins', () => {
  it('takes user_id in the body and the query from 2.10', async () => {
    const body = { keypair: { name: 'for-bob', user_id: 'bob' } };
    await statusAcross(call, 'POST', '/os-keypairs', ['2.9', '2.10'], body, [400, 201]);
    // Before 2.10 the query's user_id is ignored: the admin's own (absent) key.
    await statusAcross(
      call,
      'GET',
      '/os-keypairs/for-bob?user_id=bob',
      ['2.9', '2.10'],
      undefined,
      [404, 200],
    );
    const list = await call('GET', '/os-keypairs?user_id=bob', '2.10');
    expect(list.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name)).toEqual(['for-bob']);
    await statusAcross(
      call,
      'DELETE',
      '/os-keypairs/for-bob?user_id=bob',
      ['2.9', '2.10'],
      undefined,
      [404, 204],
    );
  });
});

describe('2.11 forced_down of services', () => {
  it('shows forced_down and takes the force-down action from 2.11', async () => {
    const before = await call('GET', '/os-services?binary=nova-compute', '2.10');
    expect(before.body.services[0]).not.toHaveProperty('forced_down');
    const at = await call('GET', '/os-services?binary=nova-compute', '2.11');
    expect(at.body.services[0].forced_down).toBe(false);
    const body = { host: 'compute3', binary: 'nova-compute', forced_down: false };
    const [, ok] = await statusAcross(
      call,
      'PUT',
      '/os-services/force-down',
      ['2.10', '2.11'],
      body,
      [404, 200],
    );
    expect(ok.body.service).toMatchObject({ host: 'compute3', binary: 'nova-compute', forced_down: false });
  });
});

describe('2.14 evacuate without onSharedStorage', () => {
  it('requires onSharedStorage before 2.14 and rejects it from 2.14', async () => {
    const old = await call('POST', `/servers/${server}/action`, '2.13', { evacuate: { host: 'compute2' } });
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toMatch(/onSharedStorage/);
    const now = await call('POST', `/servers/${server}/action`, '2.14', {
      evacuate: { onSharedStorage: false },
    });
    expect(now.status).toBe(400);
    expect(now.body.badRequest.message).toMatch(/Additional properties are not allowed/);
  });
});

describe('2.16 host_status', () => {
  it('shows UP / MAINTENANCE / DOWN to admins from 2.16, never to owners', async () => {
    const before = (await call('GET', `/servers/${server}`, '2.15')).body.server;
    expect(before).not.toHaveProperty('host_status');
    const at = (await call('GET', `/servers/${server}`, '2.16')).body.server;
    expect(at.host_status).toBe('UP');
    const detail = await call('GET', '/servers/detail', '2.16');
    expect(detail.body.servers.every((s: { host_status?: string }) => s.host_status === 'UP')).toBe(true);
    expect(
      (await call('GET', `/servers/${aliceServer}`, '2.16', undefined, ALICE)).body.server,
    ).not.toHaveProperty('host_status');
    const host = at['OS-EXT-SRV-ATTR:host'];
    const svc = (await call('GET', `/os-services?host=${host}&binary=nova-compute`, '2.53')).body.services[0];
    await call('PUT', `/os-services/${svc.id}`, '2.53', { status: 'disabled' });
    expect((await call('GET', `/servers/${server}`, '2.16')).body.server.host_status).toBe('MAINTENANCE');
    await call('PUT', `/os-services/${svc.id}`, '2.53', { status: 'enabled', forced_down: true });
    expect((await call('GET', `/servers/${server}`, '2.16')).body.server.host_status).toBe('DOWN');
    await call('PUT', `/os-services/${svc.id}`, '2.53', { forced_down: false });
    expect((await call('GET', `/servers/${server}`, '2.16')).body.server.host_status).toBe('UP');
  });
});

describe('2.17 trigger_crash_dump', () => {
  it('is 404 before 2.17 and 202 from 2.17', async () => {
    await statusAcross(
      call,
      'POST',
      `/servers/${server}/action`,
      ['2.16', '2.17'],
      { trigger_crash_dump: null },
      [404, 202],
    );
  });
});

describe('2.19 server description', () => {
  it('takes description in PUT and shows it from 2.19', async () => {
    const body = { server: { description: 'the description' } };
    const [, at] = await statusAcross(call, 'PUT', `/servers/${server}`, ['2.18', '2.19'], body, [400, 200]);
    expect(at.body.server.description).toBe('the description');
    expect((await call('GET', `/servers/${server}`, '2.18')).body.server).not.toHaveProperty('description');
    expect((await call('GET', `/servers/${server}`, '2.19')).body.server.description).toBe('the description');
    const create = {
      server: {
        name: 'd',
        imageRef: 'a2459075-d96c-40d5-893e-577ff92e721c',
        flavorRef: '1',
        description: 'x',
      },
    };
    expect((await call('POST', '/servers', '2.18', create)).status).toBe(400);
  });
});

describe('2.5 ip6 list filter for users; ip as a regex', () => {
  it('ignores ip6 from users before 2.5 and applies it from 2.5; ip is matched at the start of an address', async () => {
    const res = await call(
      'POST',
      '/servers',
      '2.37',
      { server: { name: 'mv-ip', imageRef: IMAGE, flavorRef: '1', networks: 'auto' } },
      ALICE,
    );
    expect(res.status).toBe(202);
    const id: string = res.body.server.id;
    await waitForStatus(call, id, 'ACTIVE', ALICE);
    const shown = (await call('GET', `/servers/${id}`, '2.5', undefined, ALICE)).body.server;
    const addr: string = Object.values(shown.addresses as Record<string, { addr: string }[]>)[0][0].addr;
    const ids = async (query: string, v: string, token = ALICE) =>
      (await call('GET', `/servers?${query}`, v, undefined, token)).body.servers.map(
        (s: { id: string }) => s.id,
      ) as string[];
    // The fake network gives IPv4 addresses only: an ip6 filter matches none.
    expect(await ids('ip6=fd', '2.4')).toContain(id);
    expect(await ids('ip6=fd', '2.5')).toEqual([]);
    expect(await ids('all_tenants=1&ip6=fd', '2.1', ADMIN)).toEqual([]);
    expect(await ids(`ip=${addr.replaceAll('.', '\\.')}`, '2.1')).toEqual([id]);
    expect(await ids(`ip=${addr.split('.')[0]}\\.`, '2.1')).toEqual([id]);
    // re.match: anchored at the start, not a substring search.
    expect(await ids(`ip=${addr.slice(1)}`, '2.1')).toEqual([]);
    expect(await ids('ip=192\\.0\\.2\\.', '2.1')).toEqual([]);
  });
});

describe('2.20 volume attach and detach on shelved servers', () => {
  it('answers 409 for a shelved_offloaded server before 2.20 and attaches/detaches from 2.20', async () => {
    const id = await boot(call, 'mv-shelved');
    expect((await call('POST', `/servers/${id}/action`, '2.20', { shelve: null })).status).toBe(202);
    await waitForStatus(call, id, 'SHELVED_OFFLOADED');
    const volume = await fakeVolumesFor(t.cloud.apiDatabase).create(adminContext('mv-2.20'), { size: 1 });
    const path = `/servers/${id}/os-volume_attachments`;
    const attach = { volumeAttachment: { volumeId: volume.id } };
    const [before, at] = await statusAcross(call, 'POST', path, ['2.19', '2.20'], attach, [409, 200]);
    expect(before.body.conflictingRequest.message).toBe(
      `Cannot 'attach_volume' instance ${id} while it is in vm_state shelved_offloaded`,
    );
    expect(at.body.volumeAttachment.volumeId).toBe(volume.id);
    expect((await fakeVolumesFor(t.cloud.apiDatabase).get(adminContext('mv-2.20'), volume.id)).status).toBe(
      'in-use',
    );
    const listed = await call('GET', path, '2.20');
    expect(listed.body.volumeAttachments.map((a: { volumeId: string }) => a.volumeId)).toEqual([volume.id]);
    const [detachBefore] = await statusAcross(
      call,
      'DELETE',
      `${path}/${volume.id}`,
      ['2.19', '2.20'],
      undefined,
      [409, 202],
    );
    expect(detachBefore.body.conflictingRequest.message).toBe(
      `Cannot 'detach_volume' instance ${id} while it is in vm_state shelved_offloaded`,
    );
    expect((await call('GET', path, '2.20')).body.volumeAttachments).toEqual([]);
    // No host to ask about device tagging: a tagged attach is 400, as Nova.
    const tagged = await call('POST', path, '2.49', { volumeAttachment: { volumeId: volume.id, tag: 't' } });
    expect(tagged.status).toBe(400);
    expect(tagged.body.badRequest.message).toBe(
      'Tagged volume attachment is not supported for shelved-offloaded instances.',
    );
    // Attached while offloaded, the volume is plugged into the guest at unshelve.
    expect((await call('POST', path, '2.20', attach)).status).toBe(200);
    expect((await call('POST', `/servers/${id}/action`, '2.20', { unshelve: null })).status).toBe(202);
    await waitForStatus(call, id, 'ACTIVE');
    const diagnostics = await call('GET', `/servers/${id}/diagnostics`, '2.48');
    expect(diagnostics.body.num_disks).toBe(2);
  });
});
