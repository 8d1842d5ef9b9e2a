/**
 * The walking skeleton, end to end through the real services: boot a server
 * over HTTP, see it BUILD then ACTIVE with a host and an address, find its
 * allocation in placement, delete it and see everything released; a server
 * no host can hold ends in ERROR in cell0; bad input changes nothing.
 */

import { CELL0_UUID } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';
import { DIALECTS } from '../support/databases.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';

describe.each(DIALECTS)('boot a server end to end on %s', (dialect) => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud(dialect);
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function boot(name: string, flavorRef = '1', token = 'admin:admin') {
    const res = await t.compute('POST', '/servers', { server: { name, imageRef: IMAGE, flavorRef } }, token);
    expect(res.status).toBe(202);
    return res.body.server.id as string;
  }

  async function waitForStatus(id: string, status: string) {
    return waitFor(`server ${id} ${status}`, async () => {
      const res = await t.compute('GET', `/servers/${id}`);
      return res.body.server?.status === status ? res.body.server : undefined;
    });
  }

  it('serves the version documents without a token', async () => {
    const res = await fetch(t.cloud.endpoints.compute.replace(/\/v2\.1$/, '/'));
    const body = (await res.json()) as any;
    expect(body.versions.map((v: { id: string }) => v.id)).toEqual(['v2.0', 'v2.1']);
    expect(body.versions[1]).toMatchObject({ status: 'CURRENT', version: '2.93', min_version: '2.1' });
  });

  it('boots a server to ACTIVE with host, address and a placement allocation', async () => {
    const res = await t.compute('POST', '/servers', {
      server: { name: 'vm1', imageRef: IMAGE, flavorRef: '1' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toContain(`/servers/${res.body.server.id}`);
    expect(res.body.server.adminPass).toMatch(/^\S{8,}$/);
    const id = res.body.server.id;
    const first = await t.compute('GET', `/servers/${id}`);
    expect(['BUILD', 'ACTIVE']).toContain(first.body.server.status);

    const server = await waitForStatus(id, 'ACTIVE');
    expect(server['OS-EXT-STS:vm_state']).toBe('active');
    expect(server['OS-EXT-STS:task_state']).toBeNull();
    expect(server['OS-EXT-STS:power_state']).toBe(1);
    expect(server['OS-EXT-SRV-ATTR:host']).toMatch(/^compute\d$/);
    expect(server['OS-EXT-SRV-ATTR:hypervisor_hostname']).toBeTruthy();
    expect(server.hostId).toMatch(/^[0-9a-f]{56}$/);
    expect(server.addresses.private[0]).toMatchObject({ version: 4, 'OS-EXT-IPS:type': 'fixed' });
    expect(server['OS-SRV-USG:launched_at']).toBeTruthy();

    const alloc = await t.placement('GET', `/allocations/${id}`);
    expect(alloc.status).toBe(200);
    const providers = Object.values(alloc.body.allocations) as { resources: Record<string, number> }[];
    expect(providers).toHaveLength(1);
    expect(providers[0].resources).toEqual({ VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 });

    const del = await t.compute('DELETE', `/servers/${id}`);
    expect(del.status).toBe(204);
    await waitFor('server gone', async () =>
      (await t.compute('GET', `/servers/${id}`)).status === 404 ? true : undefined,
    );
    const after = await t.placement('GET', `/allocations/${id}`);
    expect(after.body.allocations).toEqual({});
    const gone = await t.compute('GET', `/servers/${id}`);
    expect(gone.body).toEqual({ itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } });
  });

  it('hides admin fields and other projects from a plain user', async () => {
    const id = await boot('mine', '1', 'alice:proj-a');
    const server = await waitForStatus(id, 'ACTIVE');
    expect(server.tenant_id).toBe('proj-a');
    const own = await t.compute('GET', `/servers/${id}`, undefined, 'alice:proj-a');
    expect(own.body.server['OS-EXT-SRV-ATTR:host']).toBeUndefined();
    const other = await t.compute('GET', `/servers/${id}`, undefined, 'bob:proj-b');
    expect(other.status).toBe(404);
    const list = await t.compute('GET', '/servers', undefined, 'bob:proj-b');
    expect((await t.compute('GET', '/servers?status=BOGUS')).body.servers).toEqual([]);
    const bogus = await t.compute('GET', '/servers?status=BOGUS', undefined, 'admin:admin', {
      'openstack-api-version': 'compute 2.38',
    });
    expect(bogus.body.badRequest.message).toBe('Invalid status value');
    const active = await t.compute('GET', '/servers?status=ACTIVE&name=^mine$', undefined, 'alice:proj-a');
    expect(active.body.servers.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await t.compute('GET', '/servers?all_tenants=1', undefined, 'bob:proj-b')).status).toBe(403);
    expect(list.body.servers.map((s: { id: string }) => s.id)).not.toContain(id);
    expect((await t.compute('DELETE', `/servers/${id}`, undefined, 'alice:proj-a')).status).toBe(204);
  });

  it('puts a server that fits nowhere into ERROR in cell0 with a fault', async () => {
    const res = await t.compute('POST', '/servers', {
      server: { name: 'huge', imageRef: IMAGE, flavorRef: '5' },
    });
    expect(res.status).toBe(202);
    const id = res.body.server.id;
    // m1.xlarge (16 GiB, 160 GB) does not fit the test hosts (8 GiB, 100 GB).
    const server = await waitForStatus(id, 'ERROR');
    expect(server.fault.message).toContain('No valid host was found');
    expect(server.fault.code).toBe(500);
    expect(server['OS-EXT-SRV-ATTR:host']).toBeNull();
    const mapping = await t.cloud.apiDatabase.instanceMappings.get(id);
    expect(mapping?.cell_uuid).toBe(CELL0_UUID);
    expect((await t.placement('GET', `/allocations/${id}`)).body.allocations).toEqual({});
    expect((await t.compute('DELETE', `/servers/${id}`)).status).toBe(204);
    expect((await t.compute('GET', `/servers/${id}`)).status).toBe(404);
  });

  it('rejects bad bodies with 400 in Nova format and writes nothing', async () => {
    const before = (await t.compute('GET', '/servers?all_tenants=1')).body.servers.length;
    const cases: [unknown, RegExp][] = [
      [{ server: { imageRef: IMAGE, flavorRef: '1' } }, /'name' is a required property/],
      [{ server: { name: 'x', imageRef: IMAGE } }, /'flavorRef' is a required property/],
      [
        { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', bogus: 1 } },
        /Additional properties are not allowed/,
      ],
      [{ server: { name: 'x', imageRef: IMAGE, flavorRef: 'nope' } }, /Flavor nope could not be found/],
      [
        { server: { name: 'x', imageRef: 'no-such-image', flavorRef: '1' } },
        /Image no-such-image could not be found/,
      ],
      [{}, /'server' is a required property/],
    ];
    for (const [body, message] of cases) {
      const res = await t.compute('POST', '/servers', body);
      expect(res.status).toBe(400);
      expect(res.body.badRequest.code).toBe(400);
      expect(res.body.badRequest.message).toMatch(message);
    }
    const plain = await t.compute('POST', '/servers', 'x', 'admin:admin', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.body.badMediaType.message).toBe('Unsupported Content-Type');
    const malformed = await t.compute('POST', '/servers', '{not json');
    expect(malformed.status).toBe(400);
    expect(malformed.body.badRequest).toBeDefined();
    const after = (await t.compute('GET', '/servers?all_tenants=1')).body.servers.length;
    expect(after).toBe(before);
  });

  it('answers 404 itemNotFound for unknown ids and 401 without a token', async () => {
    const res = await t.compute('GET', '/servers/00000000-1111-2222-3333-444444444444');
    expect(res.status).toBe(404);
    expect(res.body.itemNotFound.code).toBe(404);
    expect((await t.compute('DELETE', '/servers/00000000-1111-2222-3333-444444444444')).status).toBe(404);
    expect((await t.compute('GET', '/flavors/999')).body.itemNotFound).toBeDefined();
    const wrongMethod = await t.compute('PUT', '/servers');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.badMethod.code).toBe(405);
    expect((await t.compute('GET', '/no-such-collection')).status).toBe(404);
    const noToken = await fetch(`${t.cloud.endpoints.compute}/servers`);
    expect(noToken.status).toBe(401);
  });

  it('lists flavors, hypervisors and images as Nova does', async () => {
    const flavors = await t.compute('GET', '/flavors/detail');
    expect(flavors.body.flavors.map((f: { name: string }) => f.name)).toEqual([
      'm1.tiny',
      'm1.small',
      'm1.medium',
      'm1.large',
      'm1.xlarge',
    ]);
    expect(flavors.body.flavors[0]).toMatchObject({ id: '1', ram: 512, vcpus: 1, disk: 1, swap: '' });
    const page = await t.compute('GET', '/flavors?limit=2');
    expect(page.body.flavors.map((f: { id: string }) => f.id)).toEqual(['1', '2']);
    expect(page.body.flavors_links[0].href).toMatch(/\/v2\.1\/flavors\?limit=2&marker=2$/);
    const rest = await t.compute('GET', '/flavors?marker=2');
    expect(rest.body.flavors.map((f: { id: string }) => f.id)).toEqual(['3', '4', '5']);
    expect(rest.body.flavors_links).toBeUndefined();
    expect((await t.compute('GET', '/flavors?marker=nope')).status).toBe(400);
    expect((await t.compute('GET', '/flavors?limit=-1')).status).toBe(400);
    const hyp = await t.compute('GET', '/os-hypervisors', undefined, 'admin:admin', {
      'openstack-api-version': 'compute 2.53',
    });
    expect(hyp.body.hypervisors).toHaveLength(3);
    expect(hyp.body.hypervisors[0]).toMatchObject({ state: 'up', status: 'enabled' });
    expect(hyp.headers.get('openstack-api-version')).toBe('compute 2.53');
    expect((await t.compute('GET', '/os-hypervisors', undefined, 'alice:p')).status).toBe(403);
    const images = await t.compute('GET', '/images');
    expect(images.body.images.map((i: { id: string }) => i.id)).toContain(IMAGE);
    const tooNew = await t.compute('GET', '/images', undefined, 'admin:admin', {
      'openstack-api-version': 'compute 2.36',
    });
    expect(tooNew.status).toBe(404);
    const bad = await t.compute('GET', '/flavors', undefined, 'admin:admin', {
      'openstack-api-version': 'compute 2.94',
    });
    expect(bad.status).toBe(406);
  });
});
