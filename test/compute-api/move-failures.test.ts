/**
 * Moves that fail, end to end on startCloud() (fake driver, SQLite): a move
 * no host can take, and a resize whose disk migration fails on the source.
 * Either way the server is back on its source host without a task_state, the
 * migration is `error`, the instance holds its source allocation again and
 * the migration's consumer holds nothing (no claim is leaked).
 */
import { startCloud, type TestCloud } from '@novats/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startCloud({ hosts: 2 });
});
afterAll(async () => {
  await cloud?.stop();
});

async function compute(method: string, path: string, body?: unknown) {
  const res = await fetch(`${cloud.endpoints.compute}${path}`, {
    method,
    headers: {
      'x-auth-token': cloud.credentials.adminToken,
      'content-type': 'application/json',
      'openstack-api-version': 'compute 2.93',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function allocations(consumer: string): Promise<Record<string, { resources: Record<string, number> }>> {
  const res = await fetch(`${cloud.endpoints.placement}/allocations/${consumer}`, {
    headers: { 'x-auth-token': cloud.credentials.adminToken, 'openstack-api-version': 'placement 1.28' },
  });
  return ((await res.json()) as { allocations: Record<string, { resources: Record<string, number> }> })
    .allocations;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const server = async (id: string) => (await compute('GET', `/servers/${id}`)).body.server;

async function bootActive(name: string): Promise<{ id: string; host: string }> {
  const res = await compute('POST', '/servers', {
    server: { name, flavorRef: '1', imageRef: cloud.imageRef, networks: 'none' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const s = await until('ACTIVE', async () => {
    const got = await server(res.body.server.id);
    return got.status === 'ACTIVE' && got['OS-EXT-STS:task_state'] === null ? got : undefined;
  });
  return { id: s.id, host: s['OS-EXT-SRV-ATTR:host'] };
}

/** The server back on `host` with no task_state, and its one migration in `error`. */
async function failedBack(id: string, host: string) {
  const migration = await until('migration error', async () => {
    const list = await compute('GET', `/os-migrations?instance_uuid=${id}`);
    const [m] = list.body.migrations;
    return m?.status === 'error' ? m : undefined;
  });
  const s = await until('task_state cleared', async () => {
    const got = await server(id);
    return got['OS-EXT-STS:task_state'] === null ? got : undefined;
  });
  expect(s.status).toBe('ACTIVE');
  expect(s['OS-EXT-SRV-ATTR:host']).toBe(host);
  expect(s.flavor.original_name).toBe('m1.tiny');
  expect(await allocations(migration.uuid)).toEqual({});
  const held = await allocations(id);
  expect(Object.keys(held)).toHaveLength(1);
  expect(Object.values(held)[0].resources.MEMORY_MB).toBe(512);
  return s;
}

describe('failed moves', () => {
  it('a migrate no host can take: NoValidHost fault, the source allocation back with the instance', async () => {
    const { id, host } = await bootActive('nowhere');
    const other = cloud.hosts.find((h) => h !== host) as string;
    const services = await compute('GET', `/os-services?host=${other}&binary=nova-compute`);
    const serviceId = services.body.services[0].id;
    expect((await compute('PUT', `/os-services/${serviceId}`, { status: 'disabled' })).status).toBe(200);
    try {
      expect((await compute('POST', `/servers/${id}/action`, { migrate: null })).status).toBe(202);
      await failedBack(id, host);
      // NOTE(nova): an ACTIVE server shows no fault; the conductor's event records the failure.
      const actions = await compute('GET', `/servers/${id}/os-instance-actions`);
      const migrate = actions.body.instanceActions.find((a: { action: string }) => a.action === 'migrate');
      const one = await compute('GET', `/servers/${id}/os-instance-actions/${migrate.request_id}`);
      expect(one.body.instanceAction.events).toEqual([
        expect.objectContaining({ event: 'conductor_migrate_server', result: 'Error' }),
      ]);
    } finally {
      await compute('PUT', `/os-services/${serviceId}`, { status: 'enabled' });
    }
  });

  it('a resize whose disk migration fails on the source: back to ACTIVE there, no claim leaked', async () => {
    const { id, host } = await bootActive('disk-fails');
    cloud.faults(host).failNext('migrateDiskAndPowerOff', { message: 'disk copy failed in the lab' });
    expect((await compute('POST', `/servers/${id}/action`, { resize: { flavorRef: '2' } })).status).toBe(202);
    await failedBack(id, host);
    const other = cloud.hosts.find((h) => h !== host) as string;
    expect(await cloud.driver(other).listInstanceUuids()).not.toContain(id);
    expect(await cloud.driver(host).listInstanceUuids()).toContain(id);
    // The server can move again afterwards.
    expect((await compute('POST', `/servers/${id}/action`, { resize: { flavorRef: '2' } })).status).toBe(202);
    const resized = await until('VERIFY_RESIZE', async () => {
      const got = await server(id);
      return got.status === 'VERIFY_RESIZE' && got['OS-EXT-STS:task_state'] === null ? got : undefined;
    });
    expect(resized['OS-EXT-SRV-ATTR:host']).toBe(other);
  });
});
