/**
 * A server the API has listed from its cell is found there again without
 * reading its instance mapping (a status watcher lists, then the client
 * deletes), once a host has acted on it; a server still building is looked
 * up through its mapping as before; either way the answers are Nova's
 * (visibility per project, 204 and gone after a delete).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postServer, startTestCloud, TEST_IMAGE, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = TEST_IMAGE;
const ALICE = 'alice:proj-a';
const BOB = 'bob:proj-b';

let t: TestCloud;
let mappingReads = 0;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
  const mappings = t.cloud.apiDatabase.instanceMappings;
  const get = mappings.get.bind(mappings);
  mappings.get = (uuid: string) => {
    mappingReads++;
    return get(uuid);
  };
});
afterAll(async () => {
  await t?.stop();
});

const boot = (name: string, token = 'admin:admin') => postServer(t, name, token);

/** Waits, by listing only (never a show), until the server has `status`. */
async function listedAs(id: string, status: string): Promise<void> {
  await waitFor(`${id} ${status} in the list`, async () => {
    const res = await t.compute('GET', '/servers/detail?all_tenants=1');
    return res.body.servers.find((s: { id: string; status: string }) => s.id === id && s.status === status)
      ? true
      : undefined;
  });
}

async function gone(id: string): Promise<void> {
  await waitFor(`${id} gone`, async () =>
    (await t.compute('GET', `/servers/${id}`)).status === 404 ? true : undefined,
  );
}

describe('looking a server up after a list', () => {
  it('deletes a listed ACTIVE server without reading its mapping', async () => {
    const id = await boot('listed');
    await listedAs(id, 'ACTIVE');
    mappingReads = 0;
    expect((await t.compute('DELETE', `/servers/${id}`)).status).toBe(204);
    expect(mappingReads).toBe(0);
    await gone(id);
  });

  it('keeps each project to its own servers when the cell is remembered from an admin list', async () => {
    const id = await boot('alices', ALICE);
    await listedAs(id, 'ACTIVE');
    mappingReads = 0;
    expect((await t.compute('GET', `/servers/${id}`, undefined, BOB)).status).toBe(404);
    expect((await t.compute('DELETE', `/servers/${id}`, undefined, BOB)).status).toBe(404);
    const shown = await t.compute('GET', `/servers/${id}`, undefined, ALICE);
    expect(shown.status).toBe(200);
    expect(shown.body.server).toMatchObject({ id, status: 'ACTIVE', tenant_id: 'proj-a' });
    expect(mappingReads).toBe(0);
    expect((await t.compute('DELETE', `/servers/${id}`, undefined, ALICE)).status).toBe(204);
    await gone(id);
  });

  it('reads the mapping of a server listed while it was still building', async () => {
    const slow = await startTestCloud('sqlite', { spawnDelayMs: 1500 });
    try {
      const mappings = slow.cloud.apiDatabase.instanceMappings;
      const get = mappings.get.bind(mappings);
      let reads = 0;
      mappings.get = (uuid: string) => {
        reads++;
        return get(uuid);
      };
      const res = await slow.compute('POST', '/servers', {
        server: { name: 'building', imageRef: IMAGE, flavorRef: '1' },
      });
      const id = res.body.server.id;
      const listed = await slow.compute('GET', '/servers/detail?all_tenants=1');
      expect(listed.body.servers.find((s: { id: string }) => s.id === id)?.status).toBe('BUILD');
      reads = 0;
      expect((await slow.compute('DELETE', `/servers/${id}`)).status).toBe(204);
      expect(reads).toBeGreaterThan(0);
      await waitFor(`${id} gone`, async () =>
        (await slow.compute('GET', `/servers/${id}`)).status === 404 ? true : undefined,
      );
    } finally {
      await slow.stop();
    }
  });
});
