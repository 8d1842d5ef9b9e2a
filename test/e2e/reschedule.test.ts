/**
 * A build that fails on its host moves to an alternate (Nova's reschedule):
 * the claim follows the instance, and when every alternate fails the server
 * ends in ERROR with Nova's "Exceeded maximum number of retries" fault and
 * holds no allocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

describe('rescheduling a failed build', () => {
  let t: TestCloud;
  const attempts = new Map<string, string[]>();
  beforeAll(async () => {
    t = await startTestCloud('sqlite', {
      failSpawn: (instance) => {
        const hosts = attempts.get(instance.uuid) ?? [];
        hosts.push(instance.host ?? '?');
        attempts.set(instance.uuid, hosts);
        if (instance.display_name.startsWith('flaky'))
          return hosts.length === 1 ? 'injected failure on first host' : false;
        return instance.display_name.startsWith('doomed') ? 'injected failure everywhere' : false;
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function boot(name: string): Promise<string> {
    const res = await t.compute('POST', '/servers', { server: { name, imageRef: IMAGE, flavorRef: '1' } });
    expect(res.status).toBe(202);
    return res.body.server.id;
  }

  async function settled(id: string) {
    return waitFor(`server ${id} to settle`, async () => {
      const s = (await t.compute('GET', `/servers/${id}`)).body.server;
      return s && (s.status === 'ACTIVE' || s.status === 'ERROR') ? s : undefined;
    });
  }

  it('ends ACTIVE on another host when the first host fails the build', async () => {
    const id = await boot('flaky-1');
    const server = await settled(id);
    expect(server.status).toBe('ACTIVE');
    const tried = attempts.get(id)!;
    expect(tried).toHaveLength(2);
    expect(tried[1]).not.toBe(tried[0]);
    expect(server['OS-EXT-SRV-ATTR:host']).toBe(tried[1]);
    const alloc = await t.placement('GET', `/allocations/${id}`);
    const providers = Object.keys(alloc.body.allocations);
    expect(providers).toHaveLength(1);
    const hyp = await t.compute('GET', '/os-hypervisors', undefined, 'admin:admin', {
      'openstack-api-version': 'compute 2.53',
    });
    const node = hyp.body.hypervisors.find((h: { id: string }) => h.id === providers[0]);
    expect(node.hypervisor_hostname).toBe(server['OS-EXT-SRV-ATTR:hypervisor_hostname']);
  });

  it('ends in ERROR with no allocation when every alternate fails', async () => {
    const id = await boot('doomed-1');
    const server = await settled(id);
    expect(server.status).toBe('ERROR');
    expect(server.fault.message).toContain('Exceeded maximum number of retries');
    // max_attempts = 3: the selected host and two alternates.
    expect(attempts.get(id)).toHaveLength(3);
    expect(new Set(attempts.get(id)).size).toBe(3);
    expect((await t.placement('GET', `/allocations/${id}`)).body.allocations).toEqual({});
    expect((await t.compute('DELETE', `/servers/${id}`)).status).toBe(204);
    await waitFor('deleted', async () =>
      (await t.compute('GET', `/servers/${id}`)).status === 404 ? true : undefined,
    );
  });
});
