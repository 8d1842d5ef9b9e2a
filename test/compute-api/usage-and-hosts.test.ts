/**
 * os-simple-tenant-usage and os-hosts on the all-in-one cloud: usage
 * charged from launched_at/terminated_at and the flavor, per project and
 * per server, paged from 2.40, strict query from 2.75; the hosts of the
 * services, a host's resources, enable/disable, power actions, and 404 for
 * every os-hosts route from 2.43.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const ALICE = 'alice:proj-a';
const ADMIN = 'admin:admin';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite', { hosts: 2 });
});
afterAll(async () => {
  await t?.stop();
});

const mv = (version: string) => ({ 'openstack-api-version': `compute ${version}` });
const call = (method: string, path: string, body?: unknown, token = ADMIN, version = '2.93') =>
  t.compute(method, path, body, token, mv(version));

async function boot(name: string, token: string): Promise<string> {
  const res = await call(
    'POST',
    '/servers',
    { server: { name, imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
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

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

describe('os-simple-tenant-usage', () => {
  it('charges running and deleted servers per project, with paging and checks', async () => {
    const started = Date.now() - 3_600_000;
    const a = await boot('u1', ALICE);
    const b = await boot('u2', ALICE);
    expect((await call('DELETE', `/servers/${b}`, undefined, ALICE)).status).toBe(204);
    await waitFor('u2 gone', async () =>
      (await call('GET', `/servers/${b}`, undefined, ALICE)).status === 404 ? true : undefined,
    );
    const end = Date.now() + 3_600_000;
    const range = `start=${iso(started)}&end=${iso(end)}`;

    const shown = await call('GET', `/os-simple-tenant-usage/proj-a?${range}`, undefined, ALICE);
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    const usage = shown.body.tenant_usage;
    expect(usage.tenant_id).toBe('proj-a');
    expect(usage.start).toBe(iso(started));
    const servers = new Map(usage.server_usages.map((s: { instance_id: string }) => [s.instance_id, s]));
    expect(servers.get(a)).toMatchObject({
      state: 'active',
      flavor: 'm1.tiny',
      vcpus: 1,
      memory_mb: 512,
      ended_at: null,
    });
    expect(servers.get(b)).toMatchObject({ state: 'terminated', tenant_id: 'proj-a' });
    const sa = servers.get(a) as { hours: number; started_at: string };
    // a runs from its launch to the end of the period: about one hour.
    expect(sa.hours).toBeGreaterThan(0.9);
    expect(sa.hours).toBeLessThan(1.1);
    expect(usage.total_vcpus_usage).toBeCloseTo(
      usage.server_usages.reduce((s: number, u: { hours: number }) => s + u.hours, 0),
      6,
    );
    expect(usage.total_memory_mb_usage).toBeCloseTo(usage.total_hours * 512, 3);

    // A plain user may not list every project's usage; an admin may, detailed or not.
    expect((await call('GET', `/os-simple-tenant-usage?${range}`, undefined, ALICE)).status).toBe(403);
    const list = await call('GET', `/os-simple-tenant-usage?${range}`);
    const mine = list.body.tenant_usages.find((u: { tenant_id: string }) => u.tenant_id === 'proj-a');
    expect(mine).not.toHaveProperty('server_usages');
    expect(mine.total_hours).toBeCloseTo(usage.total_hours, 3);
    const detailed = await call('GET', `/os-simple-tenant-usage?${range}&detailed=1`);
    expect(
      detailed.body.tenant_usages.find((u: { tenant_id: string }) => u.tenant_id === 'proj-a').server_usages,
    ).toHaveLength(2);

    // 2.40 paging by instance.
    const page = await call(
      'GET',
      `/os-simple-tenant-usage?${range}&detailed=1&limit=1`,
      undefined,
      ADMIN,
      '2.40',
    );
    expect(page.body.tenant_usages[0].server_usages).toHaveLength(1);
    const next = new URL(page.body.tenant_usages_links[0].href);
    expect(next.searchParams.get('marker')).toBe(page.body.tenant_usages[0].server_usages[0].instance_id);
    expect(
      (await call('GET', `/os-simple-tenant-usage?${range}&limit=1`, undefined, ADMIN, '2.39')).body,
    ).not.toHaveProperty('tenant_usages_links');
    expect(
      (await call('GET', `/os-simple-tenant-usage?${range}&marker=nope`, undefined, ADMIN, '2.40')).status,
    ).toBe(400);

    // Checks: bad times, start after end, no period, unknown parameters from 2.75.
    const bad = await call('GET', '/os-simple-tenant-usage?start=yesterday&end=2030-01-01T00:00:00');
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe('Datetime is in invalid format');
    const reversed = await call('GET', `/os-simple-tenant-usage?start=${iso(end)}&end=${iso(started)}`);
    expect(reversed.body.badRequest.message).toBe(
      'Invalid start time. The start time cannot occur after the end time.',
    );
    expect((await call('GET', '/os-simple-tenant-usage')).status).toBe(400);
    expect(
      (await call('GET', `/os-simple-tenant-usage?${range}&foo=1`, undefined, ADMIN, '2.75')).status,
    ).toBe(400);
    expect(
      (await call('GET', `/os-simple-tenant-usage?${range}&foo=1`, undefined, ADMIN, '2.74')).status,
    ).toBe(200);
    // A project without servers: an empty usage.
    expect((await call('GET', `/os-simple-tenant-usage/nobody?${range}`)).body).toEqual({ tenant_usage: {} });
  });
});

describe('os-hosts', () => {
  it('lists, shows, updates and powers hosts up to 2.42, and is gone from 2.43', async () => {
    const list = await call('GET', '/os-hosts', undefined, ADMIN, '2.42');
    expect(list.status).toBe(200);
    expect(list.body.hosts).toEqual(
      expect.arrayContaining([
        { host_name: 'compute1', service: 'compute', zone: 'nova' },
        { host_name: 'compute2', service: 'compute', zone: 'nova' },
      ]),
    );
    expect(list.body.hosts.some((h: { zone: string }) => h.zone === 'internal')).toBe(true);
    expect(
      (await call('GET', '/os-hosts?zone=nova', undefined, ADMIN, '2.42')).body.hosts.every(
        (h: { zone: string }) => h.zone === 'nova',
      ),
    ).toBe(true);
    expect((await call('GET', '/os-hosts', undefined, ALICE, '2.42')).status).toBe(403);

    const shown = await call('GET', '/os-hosts/compute1', undefined, ADMIN, '2.42');
    expect(shown.status).toBe(200);
    const [total, now, max] = shown.body.host.map((e: { resource: Record<string, unknown> }) => e.resource);
    expect(total).toMatchObject({ host: 'compute1', project: '(total)' });
    expect(total.cpu).toBeGreaterThan(0);
    expect(now.project).toBe('(used_now)');
    expect(max.project).toBe('(used_max)');
    const missing = await call('GET', '/os-hosts/nohost', undefined, ADMIN, '2.42');
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.message).toBe('Compute host nohost could not be found.');

    const disabled = await call(
      'PUT',
      '/os-hosts/compute2',
      { status: 'disable', maintenance_mode: 'enable' },
      ADMIN,
      '2.42',
    );
    expect(disabled.body).toEqual({
      host: 'compute2',
      status: 'disabled',
      maintenance_mode: 'on_maintenance',
    });
    const svc = await call('GET', '/os-services?host=compute2&binary=nova-compute', undefined, ADMIN, '2.42');
    expect(svc.body.services[0].status).toBe('disabled');
    expect((await call('PUT', '/os-hosts/compute2', { status: 'enable' }, ADMIN, '2.42')).body).toEqual({
      host: 'compute2',
      status: 'enabled',
    });
    expect((await call('PUT', '/os-hosts/compute2', {}, ADMIN, '2.42')).status).toBe(400);
    expect((await call('PUT', '/os-hosts/compute2', { status: 'maybe' }, ADMIN, '2.42')).status).toBe(400);
    for (const action of ['reboot', 'shutdown', 'startup']) {
      const res = await call('GET', `/os-hosts/compute1/${action}`, undefined, ADMIN, '2.42');
      expect(res.body).toEqual({ host: 'compute1', power_action: action });
    }
    for (const path of ['/os-hosts', '/os-hosts/compute1', '/os-hosts/compute1/reboot']) {
      expect((await call('GET', path, undefined, ADMIN, '2.43')).status).toBe(404);
    }
  });
});
