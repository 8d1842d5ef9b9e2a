/**
 * Example: a vitest suite with a whole cloud. One cloud per file (started in
 * well under a second), reset between tests, stopped at the end.
 */
import { NotFound } from '@novats/sdk';
import { startCloud, type TestCloud } from '@novats/server/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startCloud({ hosts: 2 });
});
afterEach(() => cloud.reset());
afterAll(() => cloud.stop());

it('boots a server', async () => {
  const { compute } = cloud.client;
  const created = await compute.createServer({ name: 'web', flavorRef: '1', imageRef: cloud.imageRef });
  const server = await compute.waitFor(created, 'ACTIVE', { intervalMs: 2 });
  expect(server['OS-EXT-SRV-ATTR:host']).toMatch(/^compute[12]$/);
});

it('starts from a clean cloud after reset()', async () => {
  const servers = [];
  for await (const s of cloud.client.compute.servers()) servers.push(s);
  expect(servers).toEqual([]);
});

it('a host that fails every spawn makes the scheduler use the other one', async () => {
  cloud.faults('compute1').failNext('spawn', { times: Infinity });
  const { compute } = cloud.client;
  const created = await compute.createServer({ name: 'db', flavorRef: '1', imageRef: cloud.imageRef });
  const server = await compute.waitFor(created, 'ACTIVE', { intervalMs: 2 });
  expect(server['OS-EXT-SRV-ATTR:host']).toBe('compute2');
});

it("Nova's 404 is a typed exception", async () => {
  await expect(cloud.client.compute.getServer('no-such-server')).rejects.toBeInstanceOf(NotFound);
});
