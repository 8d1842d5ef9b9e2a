/**
 * os-quota-sets, os-quota-class-sets and /limits on the all-in-one cloud,
 * and the quotas the Compute API enforces: instances, cores and ram of a
 * create (as many as fit of min..max_count) and of a resize, metadata items,
 * key pairs per user; Nova's 403 and messages, microversion filters, the
 * settable-range check with force, user quotas, policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const ADMIN = 'admin:admin';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
});
afterAll(async () => {
  await t?.stop();
});

const call = (method: string, path: string, body?: unknown, token = ADMIN, version = '2.93') =>
  t.compute(method, path, body, token, { 'openstack-api-version': `compute ${version}` });

async function boot(token: string, extra: Record<string, unknown> = {}) {
  return call(
    'POST',
    '/servers',
    { server: { name: 'q', imageRef: IMAGE, flavorRef: '1', networks: 'none', ...extra } },
    token,
  );
}

async function serversOf(token: string): Promise<{ id: string; name: string }[]> {
  return (await call('GET', '/servers', undefined, token)).body.servers;
}

const setQuota = (project: string, quota: Record<string, unknown>, query = '') =>
  call('PUT', `/os-quota-sets/${project}${query}`, { quota_set: quota });

describe('os-quota-sets', () => {
  it('shows the defaults with Nova keys per microversion', async () => {
    const v21 = await call('GET', '/os-quota-sets/p-show', undefined, ADMIN, '2.1');
    expect(v21.status).toBe(200);
    expect(v21.body.quota_set).toEqual({
      id: 'p-show',
      instances: 10,
      cores: 20,
      ram: 51200,
      metadata_items: 128,
      injected_files: 5,
      injected_file_content_bytes: 10240,
      injected_file_path_bytes: 255,
      key_pairs: 100,
      server_groups: 10,
      server_group_members: 10,
      fixed_ips: -1,
      floating_ips: -1,
      security_groups: -1,
      security_group_rules: -1,
    });
    const v236 = (await call('GET', '/os-quota-sets/p-show', undefined, ADMIN, '2.36')).body.quota_set;
    expect(v236).not.toHaveProperty('floating_ips');
    expect(v236).toHaveProperty('injected_files', 5);
    const v257 = (await call('GET', '/os-quota-sets/p-show', undefined, ADMIN, '2.57')).body.quota_set;
    expect(Object.keys(v257).sort()).toEqual(
      [
        'id',
        'instances',
        'cores',
        'ram',
        'metadata_items',
        'key_pairs',
        'server_groups',
        'server_group_members',
      ].sort(),
    );
    const defaults = await call('GET', '/os-quota-sets/p-show/defaults');
    expect(defaults.body.quota_set).toMatchObject({ id: 'p-show', instances: 10 });
  });

  it('updates, validates against usage unless forced, and deletes', async () => {
    const put = await setQuota('p-upd', { instances: 3, cores: '7' });
    expect(put.status).toBe(200);
    expect(put.body.quota_set).not.toHaveProperty('id');
    expect(put.body.quota_set).toMatchObject({ instances: 3, cores: 7, ram: 51200 });
    expect((await call('GET', '/os-quota-sets/p-upd')).body.quota_set).toMatchObject({
      instances: 3,
      cores: 7,
    });

    expect((await boot('u1:p-upd')).status).toBe(202);
    expect((await boot('u1:p-upd')).status).toBe(202);
    const low = await setQuota('p-upd', { instances: 1 });
    expect(low.status).toBe(400);
    expect(low.body.badRequest.message).toBe(
      'Quota limit 1 for instances must be greater than or equal to already used and reserved 2.',
    );
    expect((await call('GET', '/os-quota-sets/p-upd')).body.quota_set.instances).toBe(3);
    expect((await setQuota('p-upd', { instances: 1, force: 'True' })).body.quota_set.instances).toBe(1);

    const detail = (await call('GET', '/os-quota-sets/p-upd/detail')).body.quota_set;
    expect(detail.instances).toEqual({ limit: 1, in_use: 2, reserved: 0 });
    expect(detail.cores).toEqual({ limit: 7, in_use: 2, reserved: 0 });
    expect(detail.ram).toEqual({ limit: 51200, in_use: 1024, reserved: 0 });
    expect(detail.key_pairs).toEqual({ limit: 100, in_use: 0, reserved: 0 });

    expect((await call('DELETE', '/os-quota-sets/p-upd')).status).toBe(202);
    expect((await call('GET', '/os-quota-sets/p-upd')).body.quota_set).toMatchObject({
      instances: 10,
      cores: 20,
    });
  });

  it('keeps user quotas within what the project has left', async () => {
    await setQuota('p-user', { instances: 5 });
    expect((await setQuota('p-user', { instances: 3 }, '?user_id=ua')).status).toBe(200);
    const over = await setQuota('p-user', { instances: 3 }, '?user_id=ub');
    expect(over.status).toBe(400);
    expect(over.body.badRequest.message).toBe('Quota limit 3 for instances must be less than or equal to 2.');
    expect((await call('GET', '/os-quota-sets/p-user?user_id=ua')).body.quota_set.instances).toBe(3);
    expect((await call('GET', '/os-quota-sets/p-user?user_id=ub')).body.quota_set.instances).toBe(5);
    // The project's limit may not drop below what its users were given.
    expect((await setQuota('p-user', { instances: 2 })).status).toBe(400);
    expect((await call('DELETE', '/os-quota-sets/p-user?user_id=ua')).status).toBe(202);
    expect((await call('GET', '/os-quota-sets/p-user?user_id=ua')).body.quota_set.instances).toBe(5);
  });

  it('refuses bad bodies and queries as Nova does', async () => {
    expect((await setQuota('p-bad', { networks: 1 }, '')).status).toBe(400);
    const v21 = await call('PUT', '/os-quota-sets/p-bad', { quota_set: { networks: 1 } }, ADMIN, '2.35');
    expect(v21.body.badRequest.message).toBe('The networks quota has been removed');
    const net = await call('PUT', '/os-quota-sets/p-bad', { quota_set: { floating_ips: 1 } }, ADMIN, '2.36');
    expect(net.status).toBe(400);
    const inj = await call(
      'PUT',
      '/os-quota-sets/p-bad',
      { quota_set: { injected_files: 1 } },
      ADMIN,
      '2.57',
    );
    expect(inj.status).toBe(400);
    expect((await setQuota('p-bad', { instances: -2 })).status).toBe(400);
    expect((await setQuota('p-bad', { instances: 'ten' })).status).toBe(400);
    expect((await setQuota('p-bad', { instances: '99999999999999999999' })).status).toBe(400);
    expect((await setQuota('p-bad', { instances: 1 }, `?user_id=${'u'.repeat(256)}`)).status).toBe(400);
    expect((await setQuota('p-bad', { unknown: 1 })).status).toBe(400);
    expect((await call('GET', '/os-quota-sets/p-bad?foo=1', undefined, ADMIN, '2.75')).status).toBe(400);
    expect((await call('GET', '/os-quota-sets/p-bad?foo=1', undefined, ADMIN, '2.74')).status).toBe(200);
  });

  it('follows the policy: a project member reads its own quotas only, admins write', async () => {
    expect((await call('GET', '/os-quota-sets/p-pol', undefined, 'm:p-pol')).status).toBe(200);
    expect((await call('GET', '/os-quota-sets/p-pol/detail', undefined, 'm:p-pol')).status).toBe(200);
    expect((await call('GET', '/os-quota-sets/other', undefined, 'm:p-pol')).status).toBe(403);
    const put = await call('PUT', '/os-quota-sets/p-pol', { quota_set: { instances: 50 } }, 'm:p-pol');
    expect(put.status).toBe(403);
    expect(put.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-quota-sets:update to be performed.",
    );
    expect((await call('DELETE', '/os-quota-sets/p-pol', undefined, 'm:p-pol')).status).toBe(403);
    expect((await call('GET', '/os-quota-class-sets/default', undefined, 'm:p-pol')).status).toBe(403);
  });
});

describe('os-quota-class-sets', () => {
  it('shows and sets classes; the default class overrides [quota]', async () => {
    const v21 = (await call('GET', '/os-quota-class-sets/default', undefined, ADMIN, '2.1')).body
      .quota_class_set;
    expect(v21).toMatchObject({ id: 'default', instances: 10, floating_ips: -1 });
    expect(v21).not.toHaveProperty('server_groups');
    const v250 = (await call('GET', '/os-quota-class-sets/default', undefined, ADMIN, '2.50')).body
      .quota_class_set;
    expect(v250).toMatchObject({ server_groups: 10, server_group_members: 10, injected_files: 5 });
    expect(v250).not.toHaveProperty('floating_ips');
    const v257 = (await call('GET', '/os-quota-class-sets/default', undefined, ADMIN, '2.57')).body
      .quota_class_set;
    expect(v257).not.toHaveProperty('injected_files');

    const put = await call('PUT', '/os-quota-class-sets/default', { quota_class_set: { key_pairs: 7 } });
    expect(put.status).toBe(200);
    expect(put.body.quota_class_set).toMatchObject({ key_pairs: 7, instances: 10 });
    expect(put.body.quota_class_set).not.toHaveProperty('id');
    expect((await call('GET', '/os-quota-sets/p-class/defaults')).body.quota_set.key_pairs).toBe(7);
    expect((await call('GET', '/os-quota-sets/p-class')).body.quota_set.key_pairs).toBe(7);
    // A project limit still wins over the class.
    await setQuota('p-class', { key_pairs: 9 });
    expect((await call('GET', '/os-quota-sets/p-class')).body.quota_set.key_pairs).toBe(9);
    // Another class does not change the defaults.
    await call('PUT', '/os-quota-class-sets/gold', { quota_class_set: { key_pairs: 1000 } });
    expect((await call('GET', '/os-quota-class-sets/gold')).body.quota_class_set.key_pairs).toBe(1000);
    expect((await call('GET', '/os-quota-sets/p-other/defaults')).body.quota_set.key_pairs).toBe(7);
    await call('PUT', '/os-quota-class-sets/default', { quota_class_set: { key_pairs: 100 } });
    const bad = await call(
      'PUT',
      '/os-quota-class-sets/default',
      { quota_class_set: { networks: 1 } },
      ADMIN,
      '2.50',
    );
    expect(bad.status).toBe(400);
  });
});

describe('quota enforcement', () => {
  it('refuses a create over the instances quota with Nova 403 and message', async () => {
    await setQuota('p-inst', { instances: 2 });
    expect((await boot('u:p-inst')).status).toBe(202);
    expect((await boot('u:p-inst')).status).toBe(202);
    const over = await boot('u:p-inst');
    expect(over.status).toBe(403);
    expect(over.body).toEqual({
      forbidden: {
        code: 403,
        message: 'Quota exceeded for instances: Requested 1, but already used 2 of 2 instances',
      },
    });
    expect(await serversOf('u:p-inst')).toHaveLength(2);
    const limits = (await call('GET', '/limits', undefined, 'u:p-inst')).body.limits.absolute;
    expect(limits).toMatchObject({ maxTotalInstances: 2, totalInstancesUsed: 2, totalCoresUsed: 2 });
    expect(limits.totalRAMUsed).toBe(1024);
  });

  it('creates as many as fit from min_count to max_count, else 403 naming the range', async () => {
    await setQuota('p-multi', { instances: 3 });
    expect((await boot('u:p-multi')).status).toBe(202);
    const some = await boot('u:p-multi', { min_count: 1, max_count: 5, return_reservation_id: true });
    expect(some.status).toBe(202);
    expect(await serversOf('u:p-multi')).toHaveLength(3);
    await setQuota('p-multi', { instances: 5 });
    const none = await boot('u:p-multi', { min_count: 3, max_count: 4 });
    expect(none.status).toBe(403);
    expect(none.body.forbidden.message).toBe(
      'Quota exceeded for instances: Requested 3-4, but already used 3 of 5 instances',
    );
  });

  it('counts cores and ram, and the growth of a resize', async () => {
    await setQuota('p-cores', { cores: 2 });
    const first = await boot('u:p-cores');
    expect(first.status).toBe(202);
    const id = first.body.server.id;
    await waitFor('ACTIVE', async () =>
      (await call('GET', `/servers/${id}`, undefined, 'u:p-cores')).body.server.status === 'ACTIVE'
        ? true
        : undefined,
    );
    const flavors = (await call('GET', '/flavors/detail')).body.flavors as { id: string; vcpus: number }[];
    const two = flavors.find((f) => f.vcpus === 2);
    const four = flavors.find((f) => f.vcpus >= 4);
    expect(two && four).toBeTruthy();
    const big = await boot('u:p-cores', { flavorRef: four!.id });
    expect(big.status).toBe(403);
    expect(big.body.forbidden.message).toMatch(/^Quota exceeded for cores(, ram)?: Requested \d+/);
    const resize = await call(
      'POST',
      `/servers/${id}/action`,
      { resize: { flavorRef: four!.id } },
      'u:p-cores',
    );
    expect(resize.status).toBe(403);
    expect(resize.body.forbidden.message).toMatch(/^Quota exceeded for cores(, ram)?: Requested \d+/);
  });

  it('limits metadata items of a create and of the metadata routes', async () => {
    await setQuota('p-meta', { metadata_items: 1 });
    const over = await boot('u:p-meta', { metadata: { a: '1', b: '2' } });
    expect(over.status).toBe(403);
    expect(over.body.forbidden.message).toBe('Maximum number of metadata items exceeds 1');
    const ok = await boot('u:p-meta', { metadata: { a: '1' } });
    expect(ok.status).toBe(202);
    const id = ok.body.server.id;
    await waitFor('ACTIVE', async () =>
      (await call('GET', `/servers/${id}`, undefined, 'u:p-meta')).body.server.status === 'ACTIVE'
        ? true
        : undefined,
    );
    const more = await call('POST', `/servers/${id}/metadata`, { metadata: { b: '2' } }, 'u:p-meta');
    expect(more.status).toBe(403);
    expect(more.body.forbidden.message).toBe('Maximum number of metadata items exceeds 1');
  });

  it('limits personality files before 2.57', async () => {
    const put = await call(
      'PUT',
      '/os-quota-sets/p-files',
      { quota_set: { injected_files: 1, injected_file_path_bytes: 8 } },
      ADMIN,
      '2.56',
    );
    expect(put.status).toBe(200);
    const file = (path: string) => ({ path, contents: Buffer.from('hello').toString('base64') });
    const create = (personality: unknown[]) =>
      call(
        'POST',
        '/servers',
        { server: { name: 'f', imageRef: IMAGE, flavorRef: '1', networks: 'none', personality } },
        'u:p-files',
        '2.56',
      );
    const many = await create([file('/a'), file('/b')]);
    expect(many.status).toBe(403);
    expect(many.body.forbidden.message).toBe('Personality file limit exceeded');
    const long = await create([file('/etc/long-name')]);
    expect(long.body.forbidden.message).toBe('Personality file path exceeds maximum 8');
    const bad = await create([{ path: '/a', contents: '!!not base64' }]);
    expect(bad.status).toBe(400);
    expect((await create([file('/a')])).status).toBe(202);
  });

  it('counts key pairs per user', async () => {
    await setQuota('p-keys', { key_pairs: 1 });
    const key = (name: string, token: string) =>
      call('POST', '/os-keypairs', { keypair: { name } }, token, '2.2');
    expect((await key('k1', 'ka:p-keys')).status).toBe(201);
    const over = await key('k2', 'ka:p-keys');
    expect(over.status).toBe(403);
    expect(over.body.forbidden.message).toBe('Quota exceeded, too many key pairs.');
    expect((await key('k1', 'kb:p-keys')).status).toBe(201);
  });
});
