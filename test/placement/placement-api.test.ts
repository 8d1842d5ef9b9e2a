/**
 * HTTP tests of the Placement API (app.inject) on SQLite and MariaDB: every
 * route's status codes, error codes, microversion gating, 406 and noauth2.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';

describe.each(DIALECTS)('placement API on %s', (dialect) => {
  let app: PlacementApp;
  usePlacementApp(dialect, 'placement_api', (_store, a) => {
    app = a;
  });

  type Call = {
    method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
    url: string;
    body?: unknown;
    mv?: string;
    token?: string | null;
  };
  const call = async ({ method, url, body, mv = 'latest', token = 'admin' }: Call) => {
    const headers: Record<string, string> = {};
    if (token) headers['x-auth-token'] = token;
    if (mv) headers['openstack-api-version'] = `placement ${mv}`;
    const res = await app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, headers: res.headers, json: res.body ? res.json() : undefined };
  };
  const mkProvider = async (name: string, extra: Record<string, unknown> = {}) => {
    const r = await call({ method: 'POST', url: '/resource_providers', body: { name, ...extra } });
    expect(r.status).toBe(200);
    return r.json as { uuid: string; generation: number };
  };
  const setInventory = async (uuid: string, gen: number, inventories: Record<string, unknown>) => {
    const r = await call({
      method: 'PUT',
      url: `/resource_providers/${uuid}/inventories`,
      body: { resource_provider_generation: gen, inventories },
    });
    expect(r.status).toBe(200);
    return r.json;
  };

  describe('protocol', () => {
    it('serves the versions document without auth', async () => {
      const r = await call({ method: 'GET', url: '/', token: null, mv: '' });
      expect(r.status).toBe(200);
      expect(r.json.versions[0]).toMatchObject({
        id: 'v1.0',
        min_version: '1.0',
        max_version: '1.39',
        status: 'CURRENT',
      });
      expect(r.headers['openstack-api-version']).toBe('placement 1.0');
      expect(r.headers.vary).toBe('openstack-api-version');
      expect(r.headers['x-openstack-request-id']).toMatch(/^req-/);
    });

    it.each([
      { mv: '1.40', status: 406 },
      { mv: '2.0', status: 406 },
      { mv: 'one', status: 400 },
      { mv: 'latest', status: 200 },
    ])('negotiates version $mv -> $status', async ({ mv, status }) => {
      const r = await call({ method: 'GET', url: '/resource_providers', mv });
      expect(r.status).toBe(status);
      if (status === 406)
        expect(r.json.errors[0]).toMatchObject({ status: 406, title: 'Not Acceptable', max_version: '1.39' });
      if (status === 200) expect(r.headers['openstack-api-version']).toBe('placement 1.39');
    });

    it('requires a token, and admin for every route', async () => {
      expect((await call({ method: 'GET', url: '/resource_providers', token: null })).status).toBe(401);
      const r = await call({ method: 'GET', url: '/resource_providers', token: 'demo' });
      expect(r.status).toBe(403);
      expect(r.json.errors[0]).toMatchObject({
        status: 403,
        title: 'Forbidden',
        code: 'placement.undefined_code',
      });
      expect(r.json.errors[0].detail).toContain('placement:resource_providers:list');
      expect((await call({ method: 'GET', url: '/usages?project_id=x', token: 'demo' })).status).toBe(403);
    });

    it('answers 404 for unknown paths and 405 with Allow for wrong methods', async () => {
      expect((await call({ method: 'GET', url: '/nothing' })).status).toBe(404);
      const r = await call({ method: 'PATCH', url: '/resource_providers' });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, POST');
    });

    it('gates routes by microversion', async () => {
      expect((await call({ method: 'GET', url: '/traits', mv: '1.5' })).status).toBe(404);
      expect((await call({ method: 'GET', url: '/resource_classes', mv: '1.1' })).status).toBe(404);
      expect(
        (await call({ method: 'GET', url: '/allocation_candidates?resources=VCPU:1', mv: '1.9' })).status,
      ).toBe(404);
      expect((await call({ method: 'GET', url: '/usages?project_id=x', mv: '1.8' })).status).toBe(404);
      expect((await call({ method: 'POST', url: '/allocations', body: {}, mv: '1.12' })).status).toBe(404);
      const rp = await mkProvider('gate1');
      expect(
        (await call({ method: 'DELETE', url: `/resource_providers/${rp.uuid}/inventories`, mv: '1.4' }))
          .status,
      ).toBe(405);
      expect(
        (await call({ method: 'GET', url: `/resource_providers/${rp.uuid}/aggregates`, mv: '1.0' })).status,
      ).toBe(404);
    });

    it('adds code only from 1.23 and cache headers from 1.15', async () => {
      const old = await call({ method: 'GET', url: `/resource_providers/${randomUUID()}`, mv: '1.22' });
      expect(old.status).toBe(404);
      expect(old.json.errors[0].code).toBeUndefined();
      expect(old.headers['cache-control']).toBeUndefined();
      const now = await call({ method: 'GET', url: '/resource_providers', mv: '1.15' });
      expect(now.headers['cache-control']).toBe('no-cache');
      expect(now.headers['last-modified']).toBeDefined();
    });

    it('refuses non-JSON bodies with 415 and bad JSON with 400', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/resource_providers',
        headers: { 'x-auth-token': 'admin', 'content-type': 'text/plain' },
        payload: 'name=x',
      });
      expect(res.statusCode).toBe(415);
      const bad = await app.inject({
        method: 'POST',
        url: '/resource_providers',
        headers: { 'x-auth-token': 'admin', 'content-type': 'application/json' },
        payload: '{nope',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].detail).toContain('Malformed JSON');
    });
  });

  describe('resource providers', () => {
    it('creates (201 before 1.20, 200 after), shows, updates, lists and deletes', async () => {
      const uuid = randomUUID();
      const created = await call({
        method: 'POST',
        url: '/resource_providers',
        body: { name: 'rp-old', uuid },
        mv: '1.19',
      });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(`http://localhost:80/resource_providers/${uuid}`);
      const shown = await call({ method: 'GET', url: `/resource_providers/${uuid}` });
      expect(shown.json).toMatchObject({
        uuid,
        name: 'rp-old',
        generation: 0,
        parent_provider_uuid: null,
        root_provider_uuid: uuid,
      });
      expect(shown.json.links.map((l: { rel: string }) => l.rel)).toEqual([
        'self',
        'inventories',
        'usages',
        'aggregates',
        'traits',
        'allocations',
      ]);
      const v10 = await call({ method: 'GET', url: `/resource_providers/${uuid}`, mv: '1.0' });
      expect(v10.json.root_provider_uuid).toBeUndefined();
      const dup = await call({ method: 'POST', url: '/resource_providers', body: { name: 'rp-old' } });
      expect(dup.status).toBe(409);
      expect(dup.json.errors[0].code).toBe('placement.duplicate_name');
      const invalid = await call({
        method: 'POST',
        url: '/resource_providers',
        body: { name: 'x', bogus: 1 },
      });
      expect(invalid.status).toBe(400);
      expect(invalid.json.errors[0].detail).toContain(
        "Additional properties are not allowed ('bogus' was unexpected)",
      );
      const child = await mkProvider('rp-child', { parent_provider_uuid: uuid });
      const renamed = await call({
        method: 'PUT',
        url: `/resource_providers/${uuid}`,
        body: { name: 'rp-new' },
      });
      expect(renamed.json).toMatchObject({ name: 'rp-new', generation: 0 });
      const reparent = await call({
        method: 'PUT',
        url: `/resource_providers/${child.uuid}`,
        body: { name: 'rp-child', parent_provider_uuid: null },
        mv: '1.36',
      });
      expect(reparent.status).toBe(400);
      const list = await call({ method: 'GET', url: `/resource_providers?in_tree=${uuid}` });
      expect(list.json.resource_providers.map((p: { name: string }) => p.name)).toEqual([
        'rp-new',
        'rp-child',
      ]);
      expect(
        (await call({ method: 'GET', url: '/resource_providers?name=rp-new' })).json.resource_providers,
      ).toHaveLength(1);
      expect((await call({ method: 'GET', url: '/resource_providers?bogus=1' })).status).toBe(400);
      expect(
        (await call({ method: 'GET', url: '/resource_providers?required=FOO', mv: '1.17' })).status,
      ).toBe(400);
      const parentDel = await call({ method: 'DELETE', url: `/resource_providers/${uuid}` });
      expect(parentDel.json.errors[0].code).toBe('placement.resource_provider.cannot_delete_parent');
      expect((await call({ method: 'DELETE', url: `/resource_providers/${child.uuid}` })).status).toBe(204);
      expect((await call({ method: 'DELETE', url: `/resource_providers/${uuid}` })).status).toBe(204);
      expect((await call({ method: 'GET', url: `/resource_providers/${uuid}` })).status).toBe(404);
    });
  });

  describe('inventories, usages, traits, aggregates', () => {
    it('serves every inventory route with generations', async () => {
      const rp = await mkProvider('inv-host');
      const base = `/resource_providers/${rp.uuid}/inventories`;
      const put = await setInventory(rp.uuid, 0, {
        VCPU: { total: 8, allocation_ratio: 16 },
        MEMORY_MB: { total: 4096, reserved: 512 },
      });
      expect(put.resource_provider_generation).toBe(1);
      expect(put.inventories.MEMORY_MB).toEqual({
        total: 4096,
        reserved: 512,
        min_unit: 1,
        max_unit: 2147483647,
        step_size: 1,
        allocation_ratio: 1,
      });
      const stale = await call({
        method: 'PUT',
        url: base,
        body: { resource_provider_generation: 0, inventories: {} },
      });
      expect(stale.status).toBe(409);
      expect(stale.json.errors[0].code).toBe('placement.concurrent_update');
      const missingTotal = await call({
        method: 'PUT',
        url: base,
        body: { resource_provider_generation: 1, inventories: { VCPU: {} } },
      });
      expect(missingTotal.json.errors[0].detail).toContain("'total' is a required property");
      const reserved = await call({
        method: 'PUT',
        url: base,
        body: { resource_provider_generation: 1, inventories: { VCPU: { total: 2, reserved: 2 } } },
        mv: '1.25',
      });
      expect(reserved.status).toBe(400);
      const post = await call({
        method: 'POST',
        url: base,
        body: { resource_class: 'DISK_GB', total: 100, resource_provider_generation: 1 },
      });
      expect(post.status).toBe(201);
      expect(post.headers.location).toBe(`http://localhost:80${base}/DISK_GB`);
      expect(post.json).toMatchObject({ resource_provider_generation: 2, total: 100 });
      expect((await call({ method: 'GET', url: `${base}/DISK_GB` })).json).toMatchObject({
        total: 100,
        resource_provider_generation: 2,
      });
      const one = await call({
        method: 'PUT',
        url: `${base}/DISK_GB`,
        body: { resource_provider_generation: 2, total: 200 },
      });
      expect(one.json).toMatchObject({ total: 200, resource_provider_generation: 3 });
      expect(
        (
          await call({
            method: 'PUT',
            url: `${base}/PCPU`,
            body: { resource_provider_generation: 3, total: 2 },
          })
        ).status,
      ).toBe(400);
      expect((await call({ method: 'DELETE', url: `${base}/DISK_GB` })).status).toBe(204);
      expect((await call({ method: 'DELETE', url: `${base}/DISK_GB` })).status).toBe(404);
      expect((await call({ method: 'GET', url: `${base}/DISK_GB` })).status).toBe(404);
      expect((await call({ method: 'GET', url: base })).json.inventories).toHaveProperty('VCPU');
      expect((await call({ method: 'DELETE', url: base })).status).toBe(204);
      expect((await call({ method: 'GET', url: base })).json.inventories).toEqual({});
      expect((await call({ method: 'GET', url: `/resource_providers/${rp.uuid}/usages` })).json).toEqual({
        resource_provider_generation: 5,
        usages: {},
      });
    });

    it('serves traits and aggregates with their microversion shapes', async () => {
      const rp = await mkProvider('trait-host');
      const traits = `/resource_providers/${rp.uuid}/traits`;
      expect((await call({ method: 'PUT', url: '/traits/NOT_CUSTOM' })).status).toBe(400);
      expect((await call({ method: 'PUT', url: '/traits/CUSTOM_GPU_FAST' })).status).toBe(201);
      expect((await call({ method: 'PUT', url: '/traits/CUSTOM_GPU_FAST' })).status).toBe(204);
      expect((await call({ method: 'GET', url: '/traits/CUSTOM_GPU_FAST' })).status).toBe(204);
      expect((await call({ method: 'GET', url: '/traits/CUSTOM_NOPE' })).status).toBe(404);
      const unknown = await call({
        method: 'PUT',
        url: traits,
        body: { traits: ['CUSTOM_NOPE'], resource_provider_generation: 0 },
      });
      expect(unknown.status).toBe(400);
      const set = await call({
        method: 'PUT',
        url: traits,
        body: { traits: ['CUSTOM_GPU_FAST', 'COMPUTE_NODE'], resource_provider_generation: 0 },
      });
      expect(set.json).toEqual({
        traits: ['COMPUTE_NODE', 'CUSTOM_GPU_FAST'],
        resource_provider_generation: 1,
      });
      expect(
        (await call({ method: 'GET', url: '/traits?name=startswith:CUSTOM_GPU&associated=true' })).json
          .traits,
      ).toEqual(['CUSTOM_GPU_FAST']);
      expect(
        (await call({ method: 'GET', url: '/traits?name=in:COMPUTE_NODE,CUSTOM_GPU_FAST' })).json.traits,
      ).toHaveLength(2);
      expect((await call({ method: 'GET', url: '/traits?name=bad' })).status).toBe(400);
      expect((await call({ method: 'DELETE', url: '/traits/CUSTOM_GPU_FAST' })).status).toBe(409);
      expect((await call({ method: 'DELETE', url: '/traits/COMPUTE_NODE' })).status).toBe(400);
      expect((await call({ method: 'DELETE', url: traits })).status).toBe(204);
      expect((await call({ method: 'GET', url: traits })).json).toEqual({
        traits: [],
        resource_provider_generation: 2,
      });
      expect((await call({ method: 'DELETE', url: '/traits/CUSTOM_GPU_FAST' })).status).toBe(204);

      const aggs = `/resource_providers/${rp.uuid}/aggregates`;
      const a1 = randomUUID();
      const old = await call({ method: 'PUT', url: aggs, body: [a1], mv: '1.18' });
      expect(old.json).toEqual({ aggregates: [a1] });
      const stale = await call({
        method: 'PUT',
        url: aggs,
        body: { aggregates: [], resource_provider_generation: 0 },
      });
      expect(stale.json.errors[0].code).toBe('placement.concurrent_update');
      const now = await call({ method: 'GET', url: aggs });
      expect(now.json).toEqual({ aggregates: [a1], resource_provider_generation: 3 });
      const member = await call({
        method: 'GET',
        url: `/resource_providers?member_of=in:${a1},${randomUUID()}`,
      });
      expect(member.json.resource_providers.map((p: { uuid: string }) => p.uuid)).toEqual([rp.uuid]);
      expect((await call({ method: 'GET', url: '/resource_providers?member_of=not-a-uuid' })).status).toBe(
        400,
      );
    });
  });

  describe('resource classes', () => {
    it('creates, shows, renames (< 1.7), ensures (1.7+) and deletes', async () => {
      const list = await call({ method: 'GET', url: '/resource_classes' });
      expect(list.json.resource_classes[0]).toEqual({
        name: 'VCPU',
        links: [{ rel: 'self', href: '/resource_classes/VCPU' }],
      });
      expect((await call({ method: 'POST', url: '/resource_classes', body: { name: 'BAD' } })).status).toBe(
        400,
      );
      const created = await call({ method: 'POST', url: '/resource_classes', body: { name: 'CUSTOM_A' } });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe('http://localhost:80/resource_classes/CUSTOM_A');
      expect(
        (await call({ method: 'POST', url: '/resource_classes', body: { name: 'CUSTOM_A' } })).status,
      ).toBe(409);
      const renamed = await call({
        method: 'PUT',
        url: '/resource_classes/CUSTOM_A',
        body: { name: 'CUSTOM_B' },
        mv: '1.6',
      });
      expect(renamed.json.name).toBe('CUSTOM_B');
      expect((await call({ method: 'GET', url: '/resource_classes/CUSTOM_A' })).status).toBe(404);
      expect((await call({ method: 'PUT', url: '/resource_classes/CUSTOM_B', mv: '1.7' })).status).toBe(204);
      expect((await call({ method: 'PUT', url: '/resource_classes/CUSTOM_C', mv: '1.7' })).status).toBe(201);
      expect((await call({ method: 'DELETE', url: '/resource_classes/VCPU' })).status).toBe(400);
      expect((await call({ method: 'DELETE', url: '/resource_classes/CUSTOM_C' })).status).toBe(204);
      expect((await call({ method: 'DELETE', url: '/resource_classes/CUSTOM_C' })).status).toBe(404);
    });
  });

  describe('allocations and candidates', () => {
    it('claims, shows, replaces, lists and deletes allocations', async () => {
      const rp = await mkProvider('alloc-host');
      await setInventory(rp.uuid, 0, { VCPU: { total: 4 }, MEMORY_MB: { total: 2048 } });
      const consumer = randomUUID();
      const url = `/allocations/${consumer}`;
      const body = (gen: number | null, vcpu: number) => ({
        allocations: { [rp.uuid]: { resources: { VCPU: vcpu, MEMORY_MB: 512 } } },
        project_id: 'proj',
        user_id: 'user',
        consumer_generation: gen,
        consumer_type: 'INSTANCE',
      });
      expect((await call({ method: 'PUT', url, body: body(null, 2) })).status).toBe(204);
      const got = await call({ method: 'GET', url });
      expect(got.json).toEqual({
        allocations: { [rp.uuid]: { generation: 2, resources: { VCPU: 2, MEMORY_MB: 512 } } },
        project_id: 'proj',
        user_id: 'user',
        consumer_generation: 1,
        consumer_type: 'INSTANCE',
      });
      expect((await call({ method: 'GET', url, mv: '1.11' })).json.project_id).toBeUndefined();
      const conflict = await call({ method: 'PUT', url, body: body(null, 2) });
      expect(conflict.status).toBe(409);
      expect(conflict.json.errors[0]).toMatchObject({ code: 'placement.concurrent_update' });
      expect(conflict.json.errors[0].detail).toContain('consumer generation conflict');
      const tooMuch = await call({ method: 'PUT', url, body: body(1, 5) });
      expect(tooMuch.status).toBe(409);
      expect(tooMuch.json.errors[0].detail).toContain('exceed the capacity');
      expect(
        (await call({ method: 'PUT', url, body: { ...body(1, 1), consumer_type: undefined } })).status,
      ).toBe(400);
      expect((await call({ method: 'PUT', url, body: body(1, 4) })).status).toBe(204);
      const listForm = await call({
        method: 'PUT',
        url: `/allocations/${randomUUID()}`,
        body: {
          allocations: [{ resource_provider: { uuid: rp.uuid }, resources: { MEMORY_MB: 256 } }],
          project_id: 'proj',
          user_id: 'user',
        },
        mv: '1.8',
      });
      expect(listForm.status).toBe(204);
      const rpAllocs = await call({ method: 'GET', url: `/resource_providers/${rp.uuid}/allocations` });
      expect(Object.keys(rpAllocs.json.allocations)).toHaveLength(2);
      expect(rpAllocs.json.allocations[consumer]).toEqual({ resources: { VCPU: 4, MEMORY_MB: 512 } });
      expect(
        (await call({ method: 'GET', url: `/resource_providers/${rp.uuid}/usages` })).json.usages,
      ).toEqual({ VCPU: 4, MEMORY_MB: 768 });
      expect((await call({ method: 'GET', url: '/usages?project_id=proj', mv: '1.9' })).json.usages).toEqual({
        VCPU: 4,
        MEMORY_MB: 768,
      });
      expect((await call({ method: 'GET', url: '/usages?project_id=proj' })).json.usages).toEqual({
        INSTANCE: { consumer_count: 1, VCPU: 4, MEMORY_MB: 512 },
        unknown: { consumer_count: 1, MEMORY_MB: 256 },
      });
      expect((await call({ method: 'GET', url: '/usages' })).status).toBe(400);
      expect(
        (await call({ method: 'DELETE', url: `/resource_providers/${rp.uuid}` })).json.errors[0].code,
      ).toBe('placement.resource_provider.inuse');
      expect((await call({ method: 'DELETE', url })).status).toBe(204);
      expect((await call({ method: 'DELETE', url })).status).toBe(404);
      expect((await call({ method: 'GET', url })).json).toEqual({ allocations: {} });
    });

    it('POST /allocations writes several consumers atomically', async () => {
      const rp = await mkProvider('post-host');
      await setInventory(rp.uuid, 0, { VCPU: { total: 2 } });
      const item = (vcpu: number) => ({
        allocations: { [rp.uuid]: { resources: { VCPU: vcpu } } },
        project_id: 'p',
        user_id: 'u',
        consumer_generation: null,
        consumer_type: 'INSTANCE',
      });
      const [c1, c2] = [randomUUID(), randomUUID()];
      const over = await call({
        method: 'POST',
        url: '/allocations',
        body: { [c1]: item(1), [c2]: item(2) },
      });
      expect(over.status).toBe(409);
      expect((await call({ method: 'GET', url: `/allocations/${c1}` })).json).toEqual({ allocations: {} });
      expect(
        (await call({ method: 'POST', url: '/allocations', body: { [c1]: item(1), [c2]: item(1) } })).status,
      ).toBe(204);
      expect(
        (await call({ method: 'GET', url: `/resource_providers/${rp.uuid}/usages` })).json.usages,
      ).toEqual({ VCPU: 2 });
      const move = await call({
        method: 'POST',
        url: '/allocations',
        body: {
          [c1]: { ...item(2), consumer_generation: 1 },
          [c2]: { ...item(0), allocations: {}, consumer_generation: 1 },
        },
      });
      expect(move.status).toBe(204);
      expect((await call({ method: 'GET', url: `/allocations/${c2}` })).json).toEqual({ allocations: {} });
    });

    it('lists allocation candidates in every response shape', async () => {
      const agg = randomUUID();
      const hosts = [];
      expect((await call({ method: 'PUT', url: '/resource_classes/CUSTOM_AC_DISK', mv: '1.7' })).status).toBe(
        201,
      );
      for (const [i, vcpu] of [4, 1, 8].entries()) {
        const rp = await mkProvider(`ac-host-${i}`);
        await setInventory(rp.uuid, 0, { VCPU: { total: vcpu }, CUSTOM_AC_DISK: { total: 100 } });
        hosts.push(rp.uuid);
      }
      await call({
        method: 'PUT',
        url: `/resource_providers/${hosts[2]}/aggregates`,
        body: { aggregates: [agg], resource_provider_generation: 1 },
      });
      await call({ method: 'PUT', url: '/traits/CUSTOM_AC_SLOW' });
      await call({
        method: 'PUT',
        url: `/resource_providers/${hosts[0]}/traits`,
        body: { traits: ['CUSTOM_AC_SLOW'], resource_provider_generation: 1 },
      });
      const q = '/allocation_candidates?resources=VCPU:2,CUSTOM_AC_DISK:10';
      const latest = await call({ method: 'GET', url: q });
      expect(latest.status).toBe(200);
      expect(latest.json.allocation_requests).toEqual([
        {
          allocations: { [hosts[0]!]: { resources: { VCPU: 2, CUSTOM_AC_DISK: 10 } } },
          mappings: { '': [hosts[0]] },
        },
        {
          allocations: { [hosts[2]!]: { resources: { VCPU: 2, CUSTOM_AC_DISK: 10 } } },
          mappings: { '': [hosts[2]] },
        },
      ]);
      expect(latest.json.provider_summaries[hosts[0]!]).toEqual({
        resources: { VCPU: { capacity: 4, used: 0 }, CUSTOM_AC_DISK: { capacity: 100, used: 0 } },
        traits: ['CUSTOM_AC_SLOW'],
        parent_provider_uuid: null,
        root_provider_uuid: hosts[0],
      });
      const v110 = await call({ method: 'GET', url: q, mv: '1.10' });
      expect(v110.json.allocation_requests[0]).toEqual({
        allocations: [{ resource_provider: { uuid: hosts[0] }, resources: { VCPU: 2, CUSTOM_AC_DISK: 10 } }],
      });
      expect(v110.json.provider_summaries[hosts[0]!].traits).toBeUndefined();
      const v126 = await call({ method: 'GET', url: '/allocation_candidates?resources=VCPU:2', mv: '1.26' });
      expect(Object.keys(v126.json.provider_summaries[hosts[0]!].resources)).toEqual(['VCPU']);
      const forbidden = await call({ method: 'GET', url: `${q}&required=!CUSTOM_AC_SLOW` });
      expect(forbidden.json.allocation_requests).toHaveLength(1);
      expect((await call({ method: 'GET', url: `${q}&required=!CUSTOM_AC_SLOW`, mv: '1.21' })).status).toBe(
        400,
      );
      const member = await call({ method: 'GET', url: `${q}&member_of=${agg}` });
      expect(Object.keys(member.json.provider_summaries)).toEqual([hosts[2]]);
      expect((await call({ method: 'GET', url: `${q}&limit=1` })).json.allocation_requests).toHaveLength(1);
      expect((await call({ method: 'GET', url: `${q}&limit=1`, mv: '1.15' })).status).toBe(400);
      expect(
        (await call({ method: 'GET', url: `${q}&in_tree=${hosts[2]}` })).json.allocation_requests,
      ).toHaveLength(1);
      expect(
        (await call({ method: 'GET', url: '/allocation_candidates?resources=CUSTOM_NOPE:1' })).status,
      ).toBe(400);
      expect((await call({ method: 'GET', url: '/allocation_candidates?resources=VCPU' })).status).toBe(400);
      expect((await call({ method: 'GET', url: '/allocation_candidates' })).status).toBe(400);
      expect(
        (await call({ method: 'GET', url: `/resource_providers?resources=VCPU:5`, mv: '1.4' })).json
          .resource_providers,
      ).toHaveLength(1);
    });
  });
});
