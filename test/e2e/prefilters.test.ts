/**
 * Nova's request filters reach placement: a compute node whose provider has
 * the COMPUTE_STATUS_DISABLED trait (what Nova's compute sets when its service
 * is disabled) is never offered, so servers land on the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

describe('prefilters in the boot path', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud('sqlite');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('never schedules to a provider marked COMPUTE_STATUS_DISABLED', async () => {
    const rps = (await t.placement('GET', '/resource_providers')).body.resource_providers as {
      uuid: string;
      name: string;
      generation: number;
    }[];
    expect(rps).toHaveLength(3);
    const [open, ...disabled] = rps;
    for (const rp of disabled) {
      const traits = (await t.placement('GET', `/resource_providers/${rp.uuid}/traits`)).body;
      const put = await t.placement('PUT', `/resource_providers/${rp.uuid}/traits`, {
        traits: [...traits.traits, 'COMPUTE_STATUS_DISABLED'],
        resource_provider_generation: traits.resource_provider_generation,
      });
      expect(put.status).toBe(200);
    }
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.compute('POST', '/servers', {
        server: { name: `pf-${i}`, imageRef: IMAGE, flavorRef: '1' },
      });
      ids.push(res.body.server.id);
    }
    for (const id of ids) {
      const server = await waitFor(`server ${id} ACTIVE`, async () => {
        const s = (await t.compute('GET', `/servers/${id}`)).body.server;
        return s?.status === 'ACTIVE' ? s : undefined;
      });
      expect(server['OS-EXT-SRV-ATTR:hypervisor_hostname']).toBe(open.name);
    }
  });
});
