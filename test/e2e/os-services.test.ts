/**
 * /os-services on the all-in-one cloud: the list across cells with zones and
 * liveness, disabling a compute service (2.53 and the legacy 2.1 action)
 * marks its provider COMPUTE_STATUS_DISABLED so new servers avoid it, and
 * enabling drops the trait again; admin only, Nova's 404s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
const V253 = { 'OpenStack-API-Version': 'compute 2.53' };

describe('os-services', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud('sqlite');
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function providerTraits(host: string): Promise<string[]> {
    const rps = (await t.placement('GET', `/resource_providers?name=${host}`)).body.resource_providers;
    expect(rps).toHaveLength(1);
    return (await t.placement('GET', `/resource_providers/${rps[0].uuid}/traits`)).body.traits;
  }

  async function computeService(host: string): Promise<any> {
    const res = await t.compute(
      'GET',
      `/os-services?host=${host}&binary=nova-compute`,
      undefined,
      undefined,
      V253,
    );
    expect(res.status).toBe(200);
    expect(res.body.services).toHaveLength(1);
    return res.body.services[0];
  }

  it('lists the three computes with their zone and state', async () => {
    const res = await t.compute('GET', '/os-services');
    expect(res.status).toBe(200);
    const computes = res.body.services.filter((s: any) => s.binary === 'nova-compute');
    expect(computes.map((s: any) => s.host).sort()).toEqual(['compute1', 'compute2', 'compute3']);
    for (const s of computes) {
      expect(s).toMatchObject({ zone: 'nova', state: 'up', status: 'enabled', disabled_reason: null });
      expect(typeof s.id).toBe('number');
      expect(s).not.toHaveProperty('forced_down');
    }
    for (const s of res.body.services.filter((x: any) => x.binary !== 'nova-compute'))
      expect(s.zone).toBe('internal');
    const v253 = await t.compute('GET', '/os-services?binary=nova-compute', undefined, undefined, V253);
    expect(v253.body.services).toHaveLength(3);
    expect(v253.body.services[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(v253.body.services[0].forced_down).toBe(false);
  });

  it('disables a compute at 2.53, keeps new servers off it, and enables it again', async () => {
    const svc = await computeService('compute1');
    const put = await t.compute(
      'PUT',
      `/os-services/${svc.id}`,
      { status: 'disabled', disabled_reason: 'maint' },
      undefined,
      V253,
    );
    expect(put.status).toBe(200);
    expect(put.body.service).toMatchObject({ id: svc.id, status: 'disabled', disabled_reason: 'maint' });
    expect(await computeService('compute1')).toMatchObject({ status: 'disabled', disabled_reason: 'maint' });
    expect(await providerTraits('compute1')).toContain('COMPUTE_STATUS_DISABLED');
    expect(await providerTraits('compute2')).not.toContain('COMPUTE_STATUS_DISABLED');

    const ids: string[] = [];
    const hosts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.compute('POST', '/servers', {
        server: { name: `svc-${i}`, imageRef: IMAGE, flavorRef: '1' },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.server.id);
    }
    for (const id of ids) {
      const server = await waitFor(`server ${id} ACTIVE`, async () => {
        const s = (await t.compute('GET', `/servers/${id}`)).body.server;
        return s?.status === 'ACTIVE' ? s : undefined;
      });
      expect(server['OS-EXT-SRV-ATTR:host']).not.toBe('compute1');
      hosts.push(server['OS-EXT-SRV-ATTR:host']);
    }

    const bad = await t.compute('PUT', `/os-services/${svc.id}`, { disabled_reason: 'x' }, undefined, V253);
    expect(bad.status).toBe(400);
    const enable = await t.compute('PUT', `/os-services/${svc.id}`, { status: 'enabled' }, undefined, V253);
    expect(enable.status).toBe(200);
    expect(enable.body.service).toMatchObject({ status: 'enabled', disabled_reason: null });
    expect(await providerTraits('compute1')).not.toContain('COMPUTE_STATUS_DISABLED');
    expect(await providerTraits('compute1')).toContain('COMPUTE_NODE');

    const busy = await computeService(hosts[0]);
    const del = await t.compute('DELETE', `/os-services/${busy.id}`, undefined, undefined, V253);
    expect(del.status).toBe(409);
    expect(del.body.conflictingRequest.message).toContain('hosting instances');
    for (const id of ids) await t.compute('DELETE', `/servers/${id}`);
  });

  it('takes the legacy 2.1 disable and enable actions', async () => {
    const res = await t.compute('PUT', '/os-services/disable', { host: 'compute3', binary: 'nova-compute' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ service: { host: 'compute3', binary: 'nova-compute', status: 'disabled' } });
    expect(await providerTraits('compute3')).toContain('COMPUTE_STATUS_DISABLED');
    const reason = await t.compute('PUT', '/os-services/disable-log-reason', {
      host: 'compute3',
      binary: 'nova-compute',
      disabled_reason: 'legacy',
    });
    expect(reason.body.service).toMatchObject({ status: 'disabled', disabled_reason: 'legacy' });
    const noReason = await t.compute('PUT', '/os-services/disable-log-reason', {
      host: 'compute3',
      binary: 'nova-compute',
    });
    expect(noReason.status).toBe(400);
    const forceDown = await t.compute('PUT', '/os-services/force-down', {
      host: 'compute3',
      binary: 'nova-compute',
      forced_down: true,
    });
    expect(forceDown.status).toBe(404);
    const enable = await t.compute('PUT', '/os-services/enable', {
      host: 'compute3',
      binary: 'nova-compute',
    });
    expect(enable.body.service.status).toBe('enabled');
    expect(await providerTraits('compute3')).not.toContain('COMPUTE_STATUS_DISABLED');
  });

  it('is admin only and answers 404 for unknown services', async () => {
    expect((await t.compute('GET', '/os-services', undefined, 'demo:demo')).status).toBe(403);
    const put = await t.compute(
      'PUT',
      '/os-services/disable',
      { host: 'c', binary: 'nova-compute' },
      'demo:demo',
    );
    expect(put.status).toBe(403);
    const unknownHost = await t.compute('PUT', '/os-services/disable', {
      host: 'nohost',
      binary: 'nova-compute',
    });
    expect(unknownHost.status).toBe(404);
    expect(unknownHost.body.itemNotFound.message).toContain('nohost');
    const unknownUuid = await t.compute(
      'PUT',
      '/os-services/7f2c8a43-0b8e-4a43-9a0d-2f2a6c4a9e11',
      { status: 'enabled' },
      undefined,
      V253,
    );
    expect(unknownUuid.status).toBe(404);
    expect((await t.compute('DELETE', '/os-services/999999')).status).toBe(404);
    expect((await t.compute('PUT', '/os-services/frobnicate', { host: 'x', binary: 'y' })).status).toBe(404);
  });
});
