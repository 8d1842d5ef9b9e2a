/**
 * A compute service that dies mid-build or mid-delete leaves nothing stuck:
 * on restart (Nova's init_host) builds that were under way go to ERROR and
 * deletes that were under way finish, releasing their placement allocations.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCellDatabase } from '@novats/drivers';
import { type AllInOneCloud, startAllInOne } from '@novats/server';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const H = { 'x-auth-token': 'admin:admin', 'content-type': 'application/json' };

async function api(cloud: AllInOneCloud, method: string, path: string, body?: unknown) {
  const res = await fetch(`${cloud.endpoints.compute}${path}`, {
    method,
    headers: H,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function placement(cloud: AllInOneCloud, method: string, path: string, body?: unknown) {
  const res = await fetch(`${cloud.endpoints.placement}${path}`, {
    method,
    headers: {
      'x-auth-token': 'admin',
      'openstack-api-version': 'placement 1.39',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

async function allocations(cloud: AllInOneCloud, id: string) {
  const res = await fetch(`${cloud.endpoints.placement}/allocations/${id}`, {
    headers: { 'x-auth-token': 'admin', 'openstack-api-version': 'placement 1.39' },
  });
  return ((await res.json()) as any).allocations;
}

describe('restart recovery', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'novats-restart-'));
  const start = (spawnDelayMs: number) =>
    startAllInOne({ stateDir, hosts: 1, ports: { compute: 0, placement: 0, image: 0 }, spawnDelayMs });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('puts a build interrupted by a crash into ERROR and finishes an interrupted delete', async () => {
    const first = await start(0);
    const kept = (
      await api(first, 'POST', '/servers', { server: { name: 'kept', imageRef: IMAGE, flavorRef: '1' } })
    ).body.server.id;
    await waitFor('kept ACTIVE', async () =>
      (await api(first, 'GET', `/servers/${kept}`)).body.server.status === 'ACTIVE' ? true : undefined,
    );
    // An operator's custom trait and a disabled service's trait must survive the restart.
    const rp = (await placement(first, 'GET', '/resource_providers')).resource_providers[0];
    const traits = await placement(first, 'GET', `/resource_providers/${rp.uuid}/traits`);
    await placement(first, 'PUT', '/traits/CUSTOM_RACK_A');
    await placement(first, 'PUT', `/resource_providers/${rp.uuid}/traits`, {
      traits: [...traits.traits, 'CUSTOM_RACK_A', 'COMPUTE_STATUS_DISABLED'],
      resource_provider_generation: traits.resource_provider_generation,
    });
    await first.stop();

    const second = await start(60_000);
    const after = await placement(second, 'GET', `/resource_providers/${rp.uuid}/traits`);
    expect(after.traits).toEqual(
      expect.arrayContaining(['CUSTOM_RACK_A', 'COMPUTE_STATUS_DISABLED', 'COMPUTE_NODE']),
    );
    await placement(second, 'PUT', `/resource_providers/${rp.uuid}/traits`, {
      traits: after.traits.filter((t: string) => t !== 'COMPUTE_STATUS_DISABLED'),
      resource_provider_generation: after.resource_provider_generation,
    });
    const stuck = (
      await api(second, 'POST', '/servers', { server: { name: 'stuck', imageRef: IMAGE, flavorRef: '1' } })
    ).body.server.id;
    await waitFor('stuck spawning', async () =>
      (await api(second, 'GET', `/servers/${stuck}`)).body.server['OS-EXT-STS:task_state'] === 'spawning'
        ? true
        : undefined,
    );
    await second.stop({ graceSeconds: 0 }); // the compute "dies" with the spawn still running
    // Simulate a crash in the middle of a delete of the other server.
    const cell = await openCellDatabase(second.databases.cell1);
    await cell.instances.update(kept, { task_state: 'deleting' });
    await cell.close();

    const third = await start(0);
    try {
      const s = (await api(third, 'GET', `/servers/${stuck}`)).body.server;
      expect(s.status).toBe('ERROR');
      expect(s.fault.message).toContain('failed to spawn');
      expect((await api(third, 'GET', `/servers/${kept}`)).status).toBe(404);
      expect(await allocations(third, kept)).toEqual({});
      expect(Object.keys(await allocations(third, stuck))).toHaveLength(1);
      expect((await api(third, 'DELETE', `/servers/${stuck}`)).status).toBe(204);
      await waitFor('stuck deleted', async () =>
        (await api(third, 'GET', `/servers/${stuck}`)).status === 404 ? true : undefined,
      );
      expect(await allocations(third, stuck)).toEqual({});
    } finally {
      await third.stop();
    }
  });
});
