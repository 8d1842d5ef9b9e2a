/**
 * os-interface and os-volume_attachments on the all-in-one cloud: attach,
 * list, show, detach through the fake network and the fake volume service,
 * down to the fake driver's guest; Nova's 4xx for bad ids, wrong states and
 * duplicates; the body changes of 2.70, 2.79, 2.85 and 2.89; instance
 * actions and their events.
 */
import { adminContext } from '@novats/core';
import { fakeNetworkFor, fakeVolumesFor, PRIVATE_NETWORK_ID } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const ALICE = 'alice:proj-a';
const BOB = 'bob:proj-b';
const ADMIN = 'admin:admin';
const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
});
afterAll(async () => {
  await t?.stop();
});

const mv = (version: string) => ({ 'openstack-api-version': `compute ${version}` });
const call = (method: string, path: string, body?: unknown, token = ALICE, version = '2.93') =>
  t.compute(method, path, body, token, mv(version));

async function boot(name: string, token = ALICE): Promise<string> {
  const res = await call(
    'POST',
    '/servers',
    { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'auto' } },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = res.body.server.id;
  await waitFor(`${name} active`, async () =>
    (await call('GET', `/servers/${id}`, undefined, token)).body.server?.status === 'ACTIVE'
      ? true
      : undefined,
  );
  return id;
}

function guest(id: string) {
  for (const c of t.cloud.computes) {
    const g = c.driver.guests().find((x) => x.uuid === id);
    if (g) return g;
  }
  throw new Error(`no guest ${id}`);
}

async function actionsOf(id: string): Promise<string[]> {
  const res = await call('GET', `/servers/${id}/os-instance-actions`);
  return res.body.instanceActions.map((a: { action: string }) => a.action);
}

describe('os-interface', () => {
  it('attaches a new port and an existing one, lists, shows and detaches them', async () => {
    const id = await boot('nics');
    const before = await call('GET', `/servers/${id}/os-interface`);
    expect(before.status).toBe(200);
    expect(before.body.interfaceAttachments).toHaveLength(1);
    const boot0 = before.body.interfaceAttachments[0];
    expect(boot0).toMatchObject({ net_id: PRIVATE_NETWORK_ID, port_state: 'ACTIVE', tag: null });
    expect(boot0.mac_addr).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);

    const created = await call('POST', `/servers/${id}/os-interface`, {
      interfaceAttachment: {
        net_id: PRIVATE_NETWORK_ID,
        fixed_ips: [{ ip_address: '10.200.0.7' }],
        tag: 'data',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const nic = created.body.interfaceAttachment;
    expect(nic).toMatchObject({ net_id: PRIVATE_NETWORK_ID, tag: 'data', port_state: 'ACTIVE' });
    expect(nic.fixed_ips[0].ip_address).toBe('10.200.0.7');
    expect(guest(id).interfaces.has(nic.port_id)).toBe(true);

    const port = fakeNetworkFor(t.cloud.apiDatabase).createPort();
    const byPort = await call('POST', `/servers/${id}/os-interface`, {
      interfaceAttachment: { port_id: port.id },
    });
    expect(byPort.status).toBe(200);
    expect(byPort.body.interfaceAttachment.port_id).toBe(port.id);

    const list = await call('GET', `/servers/${id}/os-interface`);
    expect(list.body.interfaceAttachments.map((i: { port_id: string }) => i.port_id).sort()).toEqual(
      [boot0.port_id, nic.port_id, port.id].sort(),
    );
    const shown = await call('GET', `/servers/${id}/os-interface/${nic.port_id}`, undefined, ALICE, '2.69');
    expect(shown.body.interfaceAttachment).not.toHaveProperty('tag');
    expect(shown.body.interfaceAttachment.port_id).toBe(nic.port_id);
    const server = (await call('GET', `/servers/${id}`)).body.server;
    expect(server.addresses.private.map((a: { addr: string }) => a.addr)).toContain('10.200.0.7');

    expect((await call('DELETE', `/servers/${id}/os-interface/${nic.port_id}`)).status).toBe(202);
    expect(guest(id).interfaces.has(nic.port_id)).toBe(false);
    expect((await call('GET', `/servers/${id}/os-interface/${nic.port_id}`)).status).toBe(404);
    expect(await actionsOf(id)).toEqual(expect.arrayContaining(['attach_interface', 'detach_interface']));
    const detail = await call(
      'GET',
      `/servers/${id}/os-instance-actions/${(await call('GET', `/servers/${id}/os-instance-actions`)).body.instanceActions.find((a: { action: string }) => a.action === 'detach_interface').request_id}`,
    );
    expect(detail.body.instanceAction.events.map((e: { event: string }) => e.event)).toContain(
      'compute_detach_interface',
    );
  });

  it("answers Nova's 4xx", async () => {
    const id = await boot('nic-errors');
    const post = (body: unknown, token = ALICE, v = '2.93') =>
      call('POST', `/servers/${id}/os-interface`, body, token, v);
    expect((await post({ interfaceAttachment: { port_id: MISSING } })).status).toBe(404);
    expect((await post({ interfaceAttachment: { net_id: MISSING } })).status).toBe(404);
    expect((await post({ interfaceAttachment: { port_id: 'not-a-uuid' } })).status).toBe(400);
    const both = await post({ interfaceAttachment: { port_id: MISSING, net_id: PRIVATE_NETWORK_ID } });
    expect(both.status).toBe(400);
    expect(both.body.badRequest.message).toBe('Must not input both network_id and port_id');
    const ipOnly = await post({ interfaceAttachment: { fixed_ips: [{ ip_address: '10.1.1.1' }] } });
    expect(ipOnly.body.badRequest.message).toBe('Must input network_id when request IP address');
    expect(
      (await post({ interfaceAttachment: { net_id: PRIVATE_NETWORK_ID, tag: 'x' } }, ALICE, '2.48')).status,
    ).toBe(400);
    const own = (await call('GET', `/servers/${id}/os-interface`)).body.interfaceAttachments[0];
    const ipInUse = await post({
      interfaceAttachment: {
        net_id: PRIVATE_NETWORK_ID,
        fixed_ips: [{ ip_address: own.fixed_ips[0].ip_address }],
      },
    });
    expect(ipInUse.status).toBe(409);
    expect((await call('GET', `/servers/${id}/os-interface`, undefined, BOB)).status).toBe(404);
    expect((await call('DELETE', `/servers/${id}/os-interface/${MISSING}`)).status).toBe(404);
    expect((await call('POST', `/servers/${id}/action`, { lock: null })).status).toBe(202);
    const locked = await post({ interfaceAttachment: { net_id: PRIVATE_NETWORK_ID } });
    expect(locked.status).toBe(409);
    expect(locked.body.conflictingRequest.message).toContain('locked');
    expect((await call('POST', `/servers/${id}/action`, { unlock: null })).status).toBe(202);
    expect((await call('POST', `/servers/${id}/action`, { suspend: null })).status).toBe(202);
    await waitFor('suspended', async () =>
      (await call('GET', `/servers/${id}`)).body.server.status === 'SUSPENDED' ? true : undefined,
    );
    const wrong = await post({ interfaceAttachment: { net_id: PRIVATE_NETWORK_ID } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.conflictingRequest.message).toBe(
      `Cannot 'attach_interface' instance ${id} while it is in vm_state suspended`,
    );
  });
});

describe('os-volume_attachments', () => {
  it('attaches, lists per microversion, updates, swaps and detaches volumes', async () => {
    const volumes = fakeVolumesFor(t.cloud.apiDatabase);
    const ctx = adminContext('req-test');
    const v1 = await volumes.create(ctx, { size: 1 });
    const v2 = await volumes.create(ctx, { size: 1 });
    const id = await boot('vols');
    const attached = await call(
      'POST',
      `/servers/${id}/os-volume_attachments`,
      { volumeAttachment: { volumeId: v1.id, tag: 'db', delete_on_termination: true } },
      ALICE,
      '2.79',
    );
    expect(attached.status, JSON.stringify(attached.body)).toBe(200);
    expect(attached.body.volumeAttachment).toEqual({
      id: v1.id,
      serverId: id,
      volumeId: v1.id,
      device: '/dev/vdb',
      tag: 'db',
      delete_on_termination: true,
    });
    expect(guest(id).volumes.get(v1.id)).toBe('/dev/vdb');
    expect((await volumes.get(ctx, v1.id)).status).toBe('in-use');

    const dup = await call('POST', `/servers/${id}/os-volume_attachments`, {
      volumeAttachment: { volumeId: v1.id },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.badRequest.message).toBe(`Invalid volume: volume ${v1.id} already attached`);
    expect(
      (
        await call('POST', `/servers/${id}/os-volume_attachments`, {
          volumeAttachment: { volumeId: MISSING },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call('POST', `/servers/${id}/os-volume_attachments`, { volumeAttachment: { volumeId: 'x' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(
          'POST',
          `/servers/${id}/os-volume_attachments`,
          { volumeAttachment: { volumeId: v2.id, delete_on_termination: true } },
          ALICE,
          '2.78',
        )
      ).status,
    ).toBe(400);

    const old = await call('GET', `/servers/${id}/os-volume_attachments`, undefined, ALICE, '2.1');
    expect(old.body.volumeAttachments).toEqual([
      { id: v1.id, serverId: id, volumeId: v1.id, device: '/dev/vdb' },
    ]);
    const latest = await call(
      'GET',
      `/servers/${id}/os-volume_attachments/${v1.id}`,
      undefined,
      ALICE,
      '2.89',
    );
    expect(latest.body.volumeAttachment).not.toHaveProperty('id');
    expect(latest.body.volumeAttachment).toMatchObject({ tag: 'db', delete_on_termination: true });
    expect(latest.body.volumeAttachment.attachment_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(latest.body.volumeAttachment.bdm_uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (await call('GET', `/servers/${id}/os-volume_attachments?limit=0`)).body.volumeAttachments,
    ).toEqual([]);
    expect(
      (await call('GET', `/servers/${id}/os-volume_attachments?foo=1`, undefined, ALICE, '2.75')).status,
    ).toBe(400);
    expect(
      (await call('GET', `/servers/${id}/os-volume_attachments?foo=1`, undefined, ALICE, '2.74')).status,
    ).toBe(200);
    expect((await call('GET', `/servers/${id}/os-volume_attachments/${v2.id}`)).status).toBe(404);

    // 2.85: delete_on_termination changes; other fields are immutable; a swap needs admin.
    const upd = (body: unknown, token = ALICE, v = '2.85') =>
      call('PUT', `/servers/${id}/os-volume_attachments/${v1.id}`, { volumeAttachment: body }, token, v);
    expect((await upd({ volumeId: v1.id, delete_on_termination: false })).status).toBe(202);
    expect(
      (await call('GET', `/servers/${id}/os-volume_attachments/${v1.id}`)).body.volumeAttachment
        .delete_on_termination,
    ).toBe(false);
    const immut = await upd({ volumeId: v1.id, device: '/dev/vdz' });
    expect(immut.status).toBe(400);
    expect(immut.body.badRequest.message).toBe('The device property is not mutable');
    expect((await upd({ volumeId: v2.id })).status).toBe(403);
    expect((await upd({ volumeId: MISSING }, ADMIN)).status).toBe(400);
    expect((await upd({ volumeId: v2.id }, ADMIN, '2.1')).status).toBe(202);
    expect(guest(id).volumes.has(v2.id)).toBe(true);
    expect(guest(id).volumes.has(v1.id)).toBe(false);
    expect((await volumes.get(ctx, v1.id)).status).toBe('available');

    expect((await call('DELETE', `/servers/${id}/os-volume_attachments/${v1.id}`)).status).toBe(404);
    expect((await call('DELETE', `/servers/${id}/os-volume_attachments/${MISSING}`)).status).toBe(404);
    expect((await call('DELETE', `/servers/${id}/os-volume_attachments/${v2.id}`)).status).toBe(202);
    expect(guest(id).volumes.size).toBe(0);
    expect((await volumes.get(ctx, v2.id)).status).toBe('available');
    expect((await call('GET', `/servers/${id}/os-volume_attachments`)).body.volumeAttachments).toEqual([]);
    expect(await actionsOf(id)).toEqual(
      expect.arrayContaining(['attach_volume', 'swap_volume', 'detach_volume']),
    );
  });
});
