/**
 * An operator's os-services change counts for the very next request, as in
 * Nova, whose scheduler reads the services on every request: a host enabled
 * a moment ago takes a server at once, even though the scheduler's host
 * cache (re-read every second) still holds the host as disabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { bootActiveServer } from '../support/notification-consumers.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const mv = { 'openstack-api-version': 'compute 2.53' };
let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud('sqlite', { hosts: 2 });
});
afterAll(async () => {
  await t?.stop();
});

async function serviceIds(): Promise<Map<string, string>> {
  const res = await t.compute('GET', '/os-services?binary=nova-compute', undefined, 'admin:admin', mv);
  return new Map(res.body.services.map((s: { host: string; id: string }) => [s.host, s.id]));
}

async function setStatus(id: string, status: 'enabled' | 'disabled'): Promise<void> {
  const res = await t.compute('PUT', `/os-services/${id}`, { status }, 'admin:admin', mv);
  expect(res.status).toBe(200);
}

/** Boots a server and waits for ACTIVE (it would go to ERROR on no valid host); its host. */
async function bootHost(name: string): Promise<string> {
  return (await bootActiveServer(t, name, IMAGE, mv))['OS-EXT-SRV-ATTR:host'];
}

describe('a compute service enabled a moment ago', () => {
  it('takes the next server at once', async () => {
    const ids = await serviceIds();
    const [first, second] = [...ids.keys()].sort();
    // The scheduler reads the hosts while the second one is disabled...
    await setStatus(ids.get(second!)!, 'disabled');
    expect(await bootHost('while-disabled')).toBe(first);
    // ...then, within its cache's second, the second is enabled and the first disabled.
    await setStatus(ids.get(second!)!, 'enabled');
    await setStatus(ids.get(first!)!, 'disabled');
    expect(await bootHost('just-enabled')).toBe(second);
    await setStatus(ids.get(first!)!, 'enabled');
  });
});
