/**
 * Host aggregates and availability zones end to end on the all-in-one:
 * the os-aggregates API with Nova's status codes, membership mirrored onto
 * placement providers, boots steered by `availability_zone` (through the
 * map_az_to_placement_aggregate prefilter) and by flavor extra specs with
 * AggregateInstanceExtraSpecsFilter enabled in nova.conf.
 */
import { NovaConfig } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const IMAGE = 'a2459075-d96c-40d5-893e-577ff92e721c';
/** The scheduler re-reads aggregates after its 1 s cache. */
const CACHE_MS = 1100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function providerOf(t: TestCloud, host: string): Promise<string> {
  const nodes = (await t.compute('GET', '/os-hypervisors/detail')).body.hypervisors as {
    hypervisor_hostname: string;
    service: { host: string };
  }[];
  const name = nodes.find((n) => n.service.host === host)!.hypervisor_hostname;
  const rps = (await t.placement('GET', `/resource_providers?name=${name}`)).body.resource_providers;
  return rps[0].uuid;
}

async function rpAggregates(t: TestCloud, host: string): Promise<string[]> {
  return (await t.placement('GET', `/resource_providers/${await providerOf(t, host)}/aggregates`)).body
    .aggregates;
}

async function bootActive(t: TestCloud, server: Record<string, unknown>): Promise<any> {
  const res = await t.compute('POST', '/servers', { server: { imageRef: IMAGE, flavorRef: '1', ...server } });
  expect(res.status).toBe(202);
  const id = res.body.server.id;
  return waitFor(`server ${id} ACTIVE`, async () => {
    const s = (await t.compute('GET', `/servers/${id}`)).body.server;
    if (s?.status === 'ERROR') throw new Error(`server ${id} went to ERROR`);
    return s?.status === 'ACTIVE' ? s : undefined;
  });
}

describe('os-aggregates and availability zones', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud('sqlite');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is admin only', async () => {
    expect((await t.compute('GET', '/os-aggregates', undefined, 'demo:demo')).status).toBe(403);
    const created = await t.compute('POST', '/os-aggregates', { aggregate: { name: 'x' } }, 'demo:demo');
    expect(created.status).toBe(403);
  });

  it('creates, shows, updates and refuses bad or duplicate bodies', async () => {
    const res = await t.compute('POST', '/os-aggregates', {
      aggregate: { name: 'agg1', availability_zone: 'az1' },
    });
    expect(res.status).toBe(200);
    expect(res.body.aggregate).toMatchObject({ name: 'agg1', availability_zone: 'az1', deleted: false });
    expect(res.body.aggregate).not.toHaveProperty('hosts');
    expect(res.body.aggregate).not.toHaveProperty('uuid');
    const id = res.body.aggregate.id;

    expect((await t.compute('POST', '/os-aggregates', { aggregate: { name: 'agg1' } })).status).toBe(409);
    expect((await t.compute('POST', '/os-aggregates', { aggregate: {} })).status).toBe(400);
    expect((await t.compute('POST', '/os-aggregates', { aggregate: { name: 'a', color: 'x' } })).status).toBe(
      400,
    );

    const shown = await t.compute('GET', `/os-aggregates/${id}`, undefined, undefined, {
      'openstack-api-version': 'compute 2.41',
    });
    expect(shown.body.aggregate).toMatchObject({ id, hosts: [], metadata: { availability_zone: 'az1' } });
    expect(shown.body.aggregate.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.compute('GET', '/os-aggregates/99999')).status).toBe(404);

    const updated = await t.compute('PUT', `/os-aggregates/${id}`, { aggregate: { name: 'agg1b' } });
    expect(updated.status).toBe(200);
    expect(updated.body.aggregate).toMatchObject({ name: 'agg1b', availability_zone: 'az1' });
    expect((await t.compute('PUT', `/os-aggregates/${id}`, { aggregate: {} })).status).toBe(400);
    expect((await t.compute('PUT', '/os-aggregates/99999', { aggregate: { name: 'z' } })).status).toBe(404);
    const list = (await t.compute('GET', '/os-aggregates')).body.aggregates;
    expect(list.map((a: { name: string }) => a.name)).toContain('agg1b');
  });

  it('adds and removes hosts with Nova codes, mirrored onto placement', async () => {
    const a = (
      await t.compute('POST', '/os-aggregates', { aggregate: { name: 'hosts', availability_zone: 'azh' } })
    ).body.aggregate;
    const other = (
      await t.compute('POST', '/os-aggregates', { aggregate: { name: 'other', availability_zone: 'azo' } })
    ).body.aggregate;
    const uuid = (
      await t.compute('GET', `/os-aggregates/${a.id}`, undefined, undefined, {
        'openstack-api-version': 'compute 2.41',
      })
    ).body.aggregate.uuid;
    const action = (id: number, body: unknown) => t.compute('POST', `/os-aggregates/${id}/action`, body);

    const added = await action(a.id, { add_host: { host: 'compute1' } });
    expect(added.status).toBe(200);
    expect(added.body.aggregate.hosts).toEqual(['compute1']);
    expect(await rpAggregates(t, 'compute1')).toContain(uuid);
    expect((await action(a.id, { add_host: { host: 'compute1' } })).status).toBe(409);
    expect((await action(a.id, { add_host: { host: 'nosuchhost' } })).status).toBe(404);
    expect((await action(99999, { add_host: { host: 'compute1' } })).status).toBe(404);
    // compute1 is in zone azh, so a zone azo aggregate cannot take it.
    const conflict = await action(other.id, { add_host: { host: 'compute1' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.conflictingRequest.message).toContain("availability zone(s) ['azh']");
    expect((await action(a.id, { add_host: {} })).status).toBe(400);
    expect((await action(a.id, { fly: {} })).status).toBe(400);

    const md = await action(a.id, { set_metadata: { metadata: { ssd: 'true', gpu: '1' } } });
    expect(md.body.aggregate.metadata).toEqual({ availability_zone: 'azh', ssd: 'true', gpu: '1' });
    const cleared = await action(a.id, { set_metadata: { metadata: { gpu: null } } });
    expect(cleared.body.aggregate.metadata).toEqual({ availability_zone: 'azh', ssd: 'true' });

    expect((await t.compute('DELETE', `/os-aggregates/${a.id}`)).status).toBe(400);
    const removed = await action(a.id, { remove_host: { host: 'compute1' } });
    expect(removed.status).toBe(200);
    expect(removed.body.aggregate.hosts).toEqual([]);
    expect(await rpAggregates(t, 'compute1')).not.toContain(uuid);
    expect((await action(a.id, { remove_host: { host: 'compute1' } })).status).toBe(404);

    expect((await t.compute('DELETE', `/os-aggregates/${a.id}`)).status).toBe(200);
    expect((await t.compute('GET', `/os-aggregates/${a.id}`)).status).toBe(404);
    expect((await t.compute('DELETE', `/os-aggregates/${other.id}`)).status).toBe(200);
  });

  it('boots into a requested zone only, and refuses an unknown one', async () => {
    const zone = (
      await t.compute('POST', '/os-aggregates', { aggregate: { name: 'zone-a', availability_zone: 'az-a' } })
    ).body.aggregate;
    await t.compute('POST', `/os-aggregates/${zone.id}/action`, { add_host: { host: 'compute2' } });

    const zones = (await t.compute('GET', '/os-availability-zone', undefined, 'demo:demo')).body
      .availabilityZoneInfo;
    expect(zones).toEqual(
      expect.arrayContaining([
        { zoneName: 'az-a', zoneState: { available: true }, hosts: null },
        { zoneName: 'nova', zoneState: { available: true }, hosts: null },
      ]),
    );
    expect(zones.map((z: { zoneName: string }) => z.zoneName)).not.toContain('internal');
    expect((await t.compute('GET', '/os-availability-zone/detail', undefined, 'demo:demo')).status).toBe(403);
    const detail = (await t.compute('GET', '/os-availability-zone/detail')).body.availabilityZoneInfo;
    const azA = detail.find((z: { zoneName: string }) => z.zoneName === 'az-a');
    expect(Object.keys(azA.hosts)).toEqual(['compute2']);
    expect(azA.hosts.compute2['nova-compute']).toMatchObject({ available: true, active: true });

    await sleep(CACHE_MS);
    for (let i = 0; i < 3; i++) {
      const server = await bootActive(t, { name: `az-${i}`, availability_zone: 'az-a' });
      expect(server['OS-EXT-SRV-ATTR:host']).toBe('compute2');
      expect(server['OS-EXT-AZ:availability_zone']).toBe('az-a');
    }

    // A server that asks for no zone shows the zone of the host it landed on.
    const seen = new Set<string>();
    // compute2 already holds three; nine more spread over all three hosts.
    for (let i = 0; i < 9; i++) {
      const server = await bootActive(t, { name: `anyzone-${i}` });
      const zone = server['OS-EXT-AZ:availability_zone'];
      expect(zone).toBe(server['OS-EXT-SRV-ATTR:host'] === 'compute2' ? 'az-a' : 'nova');
      seen.add(zone);
    }
    expect(seen).toEqual(new Set(['az-a', 'nova']));

    const bad = await t.compute('POST', '/servers', {
      server: { name: 'nowhere', imageRef: IMAGE, flavorRef: '1', availability_zone: 'nowhere' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.badRequest.message).toBe('The requested availability zone is not available');
    const forced = await t.compute(
      'POST',
      '/servers',
      { server: { name: 'forced', imageRef: IMAGE, flavorRef: '1', availability_zone: 'nova:compute1' } },
      'demo:demo',
    );
    expect(forced.status).toBe(403);
  });
});

describe('AggregateInstanceExtraSpecsFilter from nova.conf', () => {
  let t: TestCloud;
  beforeAll(async () => {
    const conf = NovaConfig.fromSources([
      {
        name: 'nova.conf',
        text: '[filter_scheduler]\nenabled_filters = ComputeFilter,AggregateInstanceExtraSpecsFilter\n',
      },
    ]);
    t = await startTestCloud('sqlite', { config: conf });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('steers a flavor with aggregate_instance_extra_specs to the aggregate hosts', async () => {
    const agg = (await t.compute('POST', '/os-aggregates', { aggregate: { name: 'fast' } })).body.aggregate;
    const action = (body: unknown) => t.compute('POST', `/os-aggregates/${agg.id}/action`, body);
    expect((await action({ add_host: { host: 'compute3' } })).status).toBe(200);
    expect((await action({ set_metadata: { metadata: { ssd: 'true' } } })).status).toBe(200);
    const flavor = await t.compute('POST', '/flavors', {
      flavor: { name: 'ssd.small', ram: 256, vcpus: 1, disk: 1, id: 'ssd-small' },
    });
    expect(flavor.status).toBe(200);
    const specs = await t.compute('POST', '/flavors/ssd-small/os-extra_specs', {
      extra_specs: { 'aggregate_instance_extra_specs:ssd': 'true' },
    });
    expect(specs.status).toBe(200);

    await sleep(CACHE_MS);
    for (let i = 0; i < 3; i++) {
      const server = await bootActive(t, { name: `ssd-${i}`, flavorRef: 'ssd-small' });
      expect(server['OS-EXT-SRV-ATTR:host']).toBe('compute3');
    }
  });
});
