/**
 * Compute API resources beside the actions, on the all-in-one cloud:
 * os-keypairs per user and microversion, server metadata with its state
 * rule, ips, limits with usage, flavor access, external events, extensions,
 * instance actions of a plain user and policy answers across projects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const ALICE = 'alice:proj-a';
const BOB = 'bob:proj-b';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
});
afterAll(async () => {
  await t?.stop();
});

const mv = (version: string) => ({ 'openstack-api-version': `compute ${version}` });
const call = (method: string, path: string, body?: unknown, token = 'admin:admin', version = '2.93') =>
  t.compute(method, path, body, token, mv(version));

async function boot(name: string, token: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(
    'POST',
    '/servers',
    { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none', ...extra } },
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

describe('os-keypairs', () => {
  it('generates and imports ssh keys per user, with 2.2 and 2.10 changes', async () => {
    const gen = await call('POST', '/os-keypairs', { keypair: { name: 'gen' } }, ALICE, '2.91');
    expect(gen.status).toBe(201);
    expect(gen.body.keypair).toMatchObject({ name: 'gen', type: 'ssh', user_id: 'alice' });
    expect(gen.body.keypair.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(gen.body.keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const imported = await call(
      'POST',
      '/os-keypairs',
      { keypair: { name: 'imp', public_key: gen.body.keypair.public_key } },
      ALICE,
      '2.1',
    );
    expect(imported.status).toBe(200);
    expect(imported.body.keypair).not.toHaveProperty('type');
    expect(imported.body.keypair.fingerprint).toBe(gen.body.keypair.fingerprint);
    expect((await call('POST', '/os-keypairs', { keypair: { name: 'gen' } }, ALICE, '2.91')).status).toBe(
      409,
    );
    expect((await call('POST', '/os-keypairs', { keypair: { name: 'no-key' } }, ALICE, '2.92')).status).toBe(
      400,
    );
    expect(
      (
        await call(
          'POST',
          '/os-keypairs',
          { keypair: { name: 'a@b.c', public_key: 'ssh-rsa AAAA' } },
          ALICE,
          '2.91',
        )
      ).status,
    ).toBe(400);
    // Bob does not see Alice's keys; an admin does with user_id (2.10).
    expect((await call('GET', '/os-keypairs', undefined, BOB)).body.keypairs).toEqual([]);
    expect((await call('GET', '/os-keypairs?user_id=alice', undefined, BOB, '2.10')).status).toBe(403);
    const admin = await call('GET', '/os-keypairs?user_id=alice', undefined, 'admin:admin', '2.10');
    expect(admin.body.keypairs.map((k: { keypair: { name: string } }) => k.keypair.name).sort()).toEqual([
      'gen',
      'imp',
    ]);
    const page = await call('GET', '/os-keypairs?user_id=alice&limit=1', undefined, 'admin:admin', '2.35');
    expect(page.body.keypairs).toHaveLength(1);
    expect(page.body.keypairs_links[0].href).toContain('marker=');
    // A server boots with a key name; an unknown one is 400.
    expect(
      (
        await call(
          'POST',
          '/servers',
          { server: { name: 'k', imageRef: IMAGE, flavorRef: '1', networks: 'none', key_name: 'nope' } },
          ALICE,
        )
      ).status,
    ).toBe(400);
    const id = await boot('with-key', ALICE, { key_name: 'gen' });
    expect((await call('GET', `/servers/${id}`, undefined, ALICE)).body.server.key_name).toBe('gen');
    expect((await call('DELETE', '/os-keypairs/imp', undefined, ALICE, '2.1')).status).toBe(202);
    expect((await call('DELETE', '/os-keypairs/gen', undefined, ALICE, '2.2')).status).toBe(204);
    expect((await call('GET', '/os-keypairs/gen', undefined, ALICE)).status).toBe(404);
  });
});

describe('server sub-resources', () => {
  it('metadata, ips, password, instance actions and limits for the owner only', async () => {
    const id = await boot('meta', ALICE, { metadata: { a: '1' }, networks: 'auto' });
    expect(
      (await call('POST', `/servers/${id}/metadata`, { metadata: { b: '2' } }, ALICE)).body.metadata,
    ).toEqual({ a: '1', b: '2' });
    expect((await call('PUT', `/servers/${id}/metadata/c`, { meta: { c: '3' } }, ALICE)).body).toEqual({
      meta: { c: '3' },
    });
    expect((await call('PUT', `/servers/${id}/metadata/c`, { meta: { d: '3' } }, ALICE)).status).toBe(400);
    expect((await call('DELETE', `/servers/${id}/metadata/a`, undefined, ALICE)).status).toBe(204);
    expect((await call('GET', `/servers/${id}/metadata`, undefined, ALICE)).body.metadata).toEqual({
      b: '2',
      c: '3',
    });
    expect((await call('GET', `/servers/${id}/metadata/a`, undefined, ALICE)).status).toBe(404);
    expect((await call('GET', `/servers/${id}/metadata`, undefined, BOB)).status).toBe(404);
    expect(
      (await call('PUT', `/servers/${id}`, { server: { name: 'renamed', description: 'd' } }, ALICE, '2.19'))
        .body.server,
    ).toMatchObject({ name: 'renamed', description: 'd' });
    expect(
      (await call('PUT', `/servers/${id}`, { server: { description: 'd' } }, ALICE, '2.18')).status,
    ).toBe(400);
    const server = (await call('GET', `/servers/${id}`, undefined, ALICE)).body.server;
    const ips = (await call('GET', `/servers/${id}/ips`, undefined, ALICE)).body.addresses;
    expect(Object.keys(ips)).toEqual(Object.keys(server.addresses));
    const [network] = Object.keys(ips);
    expect((await call('GET', `/servers/${id}/ips/${network}`, undefined, ALICE)).body[network][0].addr).toBe(
      ips[network][0].addr,
    );
    expect((await call('GET', `/servers/${id}/os-server-password`, undefined, ALICE)).body).toEqual({
      password: '',
    });
    const actions = await call('GET', `/servers/${id}/os-instance-actions`, undefined, ALICE);
    expect(actions.body.instanceActions.map((a: { action: string }) => a.action)).toEqual(['create']);
    const create = await call(
      'GET',
      `/servers/${id}/os-instance-actions/${actions.body.instanceActions[0].request_id}`,
      undefined,
      ALICE,
      '2.51',
    );
    expect(create.body.instanceAction.events[0]).toMatchObject({
      event: 'compute__do_build_and_run_instance',
      result: 'Success',
    });
    expect(create.body.instanceAction.events[0]).not.toHaveProperty('traceback');
    const before251 = await call(
      'GET',
      `/servers/${id}/os-instance-actions/${actions.body.instanceActions[0].request_id}`,
      undefined,
      ALICE,
      '2.50',
    );
    expect(before251.body.instanceAction).not.toHaveProperty('events');
    const limits = await call('GET', '/limits', undefined, ALICE);
    expect(limits.body.limits.rate).toEqual([]);
    expect(limits.body.limits.absolute).toMatchObject({
      maxTotalInstances: 10,
      totalInstancesUsed: 2,
      totalCoresUsed: 2,
      totalRAMUsed: 1024,
    });
    expect((await call('GET', '/limits?tenant_id=proj-a', undefined, BOB)).status).toBe(403);
    expect(limits.body.limits.absolute).not.toHaveProperty('maxImageMeta');
    expect((await call('GET', '/limits', undefined, ALICE, '2.38')).body.limits.absolute).toHaveProperty(
      'maxImageMeta',
    );
  });

  it('flavor access, extensions, external events and policy for a plain user', async () => {
    const flavor = await call('POST', '/flavors', {
      flavor: { name: 'private', ram: 64, vcpus: 1, disk: 1, 'os-flavor-access:is_public': false },
    });
    const fid = flavor.body.flavor.id;
    const added = await call('POST', `/flavors/${fid}/action`, { addTenantAccess: { tenant: 'proj-a' } });
    expect(added.body).toEqual({ flavor_access: [{ flavor_id: fid, tenant_id: 'proj-a' }] });
    expect((await call('GET', `/flavors/${fid}`, undefined, ALICE)).status).toBe(200);
    expect(
      (await call('POST', `/flavors/${fid}/action`, { addTenantAccess: { tenant: 'proj-b' } }, ALICE)).status,
    ).toBe(403);
    expect(
      (
        await call(
          'POST',
          '/flavors/1/action',
          { addTenantAccess: { tenant: 'proj-a' } },
          'admin:admin',
          '2.7',
        )
      ).status,
    ).toBe(409);
    expect((await call('GET', '/extensions')).body.extensions.length).toBeGreaterThan(10);
    const id = await boot('events', ALICE);
    const events = await call('POST', '/os-server-external-events', {
      events: [
        { server_uuid: id, name: 'network-changed' },
        { server_uuid: '00000000-0000-0000-0000-000000000000', name: 'network-changed' },
      ],
    });
    expect(events.status).toBe(207);
    expect(events.body.events.map((e: { code: number }) => e.code)).toEqual([200, 404]);
    expect(
      (
        await call(
          'POST',
          '/os-server-external-events',
          { events: [{ server_uuid: id, name: 'power-update' }] },
          'admin:admin',
          '2.75',
        )
      ).status,
    ).toBe(400);
    const denied = await call(
      'POST',
      '/os-server-external-events',
      { events: [{ server_uuid: id, name: 'network-changed' }] },
      ALICE,
    );
    expect(denied.status).toBe(403);
    expect(denied.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-server-external-events:create to be performed.",
    );
  });
});
