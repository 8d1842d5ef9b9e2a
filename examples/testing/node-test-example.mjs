// Example: node:test with a whole cloud (`node --test node-test-example.mjs`).
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { startCloud } from '@novats/server/testing';

let cloud;
before(async () => {
  cloud = await startCloud({ hosts: 1 });
});
afterEach(() => cloud.reset());
after(() => cloud.stop());

test('boots a server to ACTIVE', async () => {
  const { compute } = cloud.client;
  const created = await compute.createServer({ name: 'web', flavorRef: '1', imageRef: cloud.imageRef });
  const server = await compute.waitFor(created, 'ACTIVE', { intervalMs: 2 });
  assert.equal(server.status, 'ACTIVE');
});

test('a crashed host takes its server down with it', async () => {
  const { compute } = cloud.client;
  const created = await compute.createServer({ name: 'x', flavorRef: '1', imageRef: cloud.imageRef });
  await compute.waitFor(created, 'ACTIVE', { intervalMs: 2 });
  assert.deepEqual(await cloud.driver('compute1').listInstanceUuids(), [created.id]);
});
