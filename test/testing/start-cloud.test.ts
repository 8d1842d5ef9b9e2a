import { createServer } from 'node:net';
import { CloudOptionError, startCloud, type TestCloud } from '@novats/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

async function compute(cloud: TestCloud, method: string, path: string, body?: unknown) {
  const res = await fetch(`${cloud.endpoints.compute}${path}`, {
    method,
    headers: {
      'x-auth-token': cloud.credentials.adminToken,
      'content-type': 'application/json',
      // networks "none" needs 2.37.
      'openstack-api-version': 'compute 2.37',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function bootActive(
  cloud: TestCloud,
  name: string,
): Promise<{ id: string; status: string; host: string }> {
  const res = await compute(cloud, 'POST', '/v2.1/servers', {
    server: { name, flavorRef: '1', imageRef: cloud.imageRef, networks: 'none' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  for (;;) {
    const got = await compute(cloud, 'GET', `/v2.1/servers/${res.body.server.id}`);
    if (got.body.server.status !== 'BUILD')
      return { ...got.body.server, host: got.body.server['OS-EXT-SRV-ATTR:host'] };
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('startCloud()', () => {
  let cloud: TestCloud;
  let startMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    cloud = await startCloud({ hosts: 2 });
    startMs = performance.now() - t0;
  });
  afterAll(() => cloud?.stop());

  it('starts a whole cloud on free ports with N fake hosts', async () => {
    console.log(`startCloud(): ${startMs.toFixed(0)} ms`);
    expect(cloud.hosts).toEqual(['compute1', 'compute2']);
    const hv = await compute(cloud, 'GET', '/v2.1/os-hypervisors');
    expect(hv.body.hypervisors).toHaveLength(2);
    const rp = await fetch(`${cloud.endpoints.placement}/resource_providers`, {
      headers: { 'x-auth-token': 'admin' },
    });
    expect(((await rp.json()) as any).resource_providers).toHaveLength(2);
  });

  it('boots a server to ACTIVE and reset() forgets it, its allocations and its guest', async () => {
    const t0 = performance.now();
    const server = await bootActive(cloud, 'vm1');
    console.log(`POST to ACTIVE: ${(performance.now() - t0).toFixed(1)} ms`);
    expect(server.status).toBe('ACTIVE');
    expect(await cloud.driver(server.host).listInstanceUuids()).toEqual([server.id]);
    const r0 = performance.now();
    await cloud.reset();
    const resetMs = performance.now() - r0;
    console.log(`reset(): ${resetMs.toFixed(1)} ms`);
    expect((await compute(cloud, 'GET', '/v2.1/servers')).body.servers).toEqual([]);
    expect((await compute(cloud, 'GET', `/v2.1/servers/${server.id}`)).status).toBe(404);
    const alloc = await fetch(`${cloud.endpoints.placement}/allocations/${server.id}`, {
      headers: { 'x-auth-token': 'admin' },
    });
    expect(((await alloc.json()) as any).allocations).toEqual({});
    expect(await cloud.driver(server.host).listInstanceUuids()).toEqual([]);
    // the cloud still works after a reset
    expect((await bootActive(cloud, 'vm2')).status).toBe('ACTIVE');
    await cloud.reset();
  });

  it('keeps its databases in memory, and reset() puts changed rows back as they were', async () => {
    for (const url of Object.values(cloud.allInOne.databases))
      expect(url).toMatch(/^sqlite:\/\/\/file:.*mode=memory/);
    const services = async () =>
      (await compute(cloud, 'GET', '/v2.1/os-services?binary=nova-compute')).body.services.map(
        (s: { host: string; status: string }) => `${s.host}:${s.status}`,
      );
    const before = await services();
    expect(before).toEqual(['compute1:enabled', 'compute2:enabled']);
    // an update of a row the start wrote (cell database) and a new row (API database)
    const off = await compute(cloud, 'PUT', '/v2.1/os-services/disable', {
      host: 'compute1',
      binary: 'nova-compute',
    });
    expect(off.status).toBe(200);
    const flavor = await compute(cloud, 'POST', '/v2.1/flavors', {
      flavor: { name: 'extra', ram: 64, vcpus: 1, disk: 1 },
    });
    expect(flavor.status).toBe(200);
    expect(await services()).toEqual(['compute1:disabled', 'compute2:enabled']);
    await cloud.reset();
    expect(await services()).toEqual(before);
    const flavors = (await compute(cloud, 'GET', '/v2.1/flavors')).body.flavors.map(
      (f: { name: string }) => f.name,
    );
    expect(flavors).not.toContain('extra');
  });

  it('two clouds have their own databases', async () => {
    const other = await startCloud({ hosts: 1 });
    try {
      expect(Object.values(other.allInOne.databases)).not.toContain(cloud.allInOne.databases.api);
      const hv = await compute(other, 'GET', '/v2.1/os-hypervisors');
      expect(hv.body.hypervisors).toHaveLength(1);
      expect((await compute(cloud, 'GET', '/v2.1/os-hypervisors')).body.hypervisors).toHaveLength(2);
    } finally {
      await other.stop();
    }
  });

  it('fault injection through the same object: a failed spawn on every host ends in ERROR with the fault', async () => {
    for (const h of cloud.hosts)
      cloud.faults(h).failNext('spawn', { times: Infinity, message: 'disk on fire' });
    const server = await bootActive(cloud, 'doomed');
    expect(server.status).toBe('ERROR');
    const got = await compute(cloud, 'GET', `/v2.1/servers/${server.id}`);
    expect(got.body.server.fault.message).toMatch(/Exceeded maximum number of retries/);
    await cloud.reset();
    expect((await bootActive(cloud, 'fine')).status).toBe('ACTIVE');
    await cloud.reset();
  });

  it('the clock is the cloud’s: advancing it moves the servers’ timestamps', async () => {
    cloud.clock.advance(3 * 86_400_000);
    const server = await bootActive(cloud, 'future');
    const got = await compute(cloud, 'GET', `/v2.1/servers/${server.id}`);
    const created = Date.parse(got.body.server.created);
    expect(created - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
    await cloud.reset();
    expect(cloud.clock.now() - Date.now()).toBeLessThan(1000);
  });

  it('impossible options name the option', async () => {
    await expect(startCloud({ hosts: 0 })).rejects.toMatchObject({
      option: 'hosts',
      code: 'novats.testing.invalid_option',
    });
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const err = await startCloud({ ports: { compute: port } }).catch((e) => e);
      expect(err).toBeInstanceOf(CloudOptionError);
      expect(err.option).toBe('ports.compute');
      expect(err.message).toContain(String(port));
    } finally {
      taken.close();
    }
  });
});
