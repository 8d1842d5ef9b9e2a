/**
 * Cases from Placement's gabbits (usage.yaml, traits.yaml) and from running
 * osc-placement that our API once answered differently: provider usages list
 * every inventoried class, cache headers on 1.15 writes and 204s, trait
 * Location on 204, conflict wording, query string length limits.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';

const LAST_MODIFIED = /^\w+, \d+ \w+ \d{4} [\d:]+ GMT$/;

describe.each(DIALECTS)('placement gabbi parity on %s', (dialect) => {
  let app: PlacementApp;
  usePlacementApp(dialect, 'placement_gabbi', (_store, a) => {
    app = a;
  });

  const call = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, mv: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { 'x-auth-token': 'admin', 'openstack-api-version': `placement ${mv}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, headers: res.headers, json: res.body ? res.json() : undefined };
  };
  const mkProvider = async (name: string) =>
    (await call('POST', '/resource_providers', '1.20', { name })).json;

  it('lists every inventoried class in provider usages, 0 when unallocated', async () => {
    const rp = await mkProvider('usage-rp');
    await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.20', {
      resource_provider_generation: 0,
      inventories: { VCPU: { total: 4 }, DISK_GB: { total: 10 } },
    });
    const r = await call('GET', `/resource_providers/${rp.uuid}/usages`, '1.0');
    expect(r.json).toEqual({ resource_provider_generation: 1, usages: { VCPU: 0, DISK_GB: 0 } });
    expect(r.headers['last-modified']).toBeUndefined();
    const later = await call('GET', `/resource_providers/${rp.uuid}/usages`, '1.15');
    expect(later.headers['cache-control']).toBe('no-cache');
    expect(later.headers['last-modified']).toMatch(LAST_MODIFIED);
  });

  it.each([
    { url: '/usages?project_id=', keyword: 'minLength' },
    { url: `/usages?project_id=${'p'.repeat(256)}`, keyword: 'maxLength' },
    { url: '/usages?project_id=p&user_id=', keyword: 'minLength' },
  ])('rejects $keyword in $url', async ({ url, keyword }) => {
    const r = await call('GET', url, '1.9');
    expect(r.status).toBe(400);
    expect(r.json.errors[0].detail).toContain(`Failed validating '${keyword}'`);
  });

  it('answers trait writes and checks like traits.yaml', async () => {
    const bad = await call('PUT', '/traits/TRAIT_X', '1.6');
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].detail).toContain('must be no longer than 255 characters, start with');

    const created = await call('PUT', '/traits/CUSTOM_GABBI_1', '1.6');
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBeUndefined();
    const again = await call('PUT', '/traits/CUSTOM_GABBI_1', '1.15');
    expect(again.status).toBe(204);
    expect(again.headers.location).toBe('http://localhost:80/traits/CUSTOM_GABBI_1');
    expect(again.headers['last-modified']).toMatch(LAST_MODIFIED);
    const shown = await call('GET', '/traits/CUSTOM_GABBI_1', '1.15');
    expect(shown.status).toBe(204);
    expect(shown.headers['cache-control']).toBe('no-cache');
    expect((await call('GET', '/traits/CUSTOM_GABBI_1', '1.14')).headers['cache-control']).toBeUndefined();
    const deleted = await call('DELETE', '/traits/CUSTOM_GABBI_1', '1.15');
    expect(deleted.status).toBe(204);
    expect(deleted.headers['last-modified']).toBeUndefined();
  });

  it.each(['True', 'true', 'FALSE'])('accepts associated=%s case-insensitively', async (v) => {
    const r = await call('GET', `/traits?associated=${v}`, '1.6');
    expect(r.status).toBe(200);
    expect(Array.isArray(r.json.traits)).toBe(true);
  });

  it('words trait and aggregate generation conflicts like Placement', async () => {
    const rp = await mkProvider('conflict-rp');
    const traits = await call('PUT', `/resource_providers/${rp.uuid}/traits`, '1.23', {
      traits: ['HW_CPU_X86_SSE'],
      resource_provider_generation: 5,
    });
    expect(traits.status).toBe(409);
    expect(traits.json.errors[0].code).toBe('placement.concurrent_update');
    expect(traits.json.errors[0].detail).toContain(
      "Resource provider's generation already changed. Please update the generation and try again.",
    );
    const aggs = await call('PUT', `/resource_providers/${rp.uuid}/aggregates`, '1.19', {
      aggregates: [],
      resource_provider_generation: 9,
    });
    expect(aggs.status).toBe(409);
    expect(aggs.json.errors[0].detail).toContain("Resource provider's generation already changed.");

    const ok = await call('PUT', `/resource_providers/${rp.uuid}/traits`, '1.15', {
      traits: ['HW_CPU_X86_SSE'],
      resource_provider_generation: 0,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-cache');
    expect(ok.headers['last-modified']).toMatch(LAST_MODIFIED);
    const old = await call('PUT', `/resource_providers/${rp.uuid}/traits`, '1.14', {
      traits: [],
      resource_provider_generation: 1,
    });
    expect(old.status).toBe(200);
    expect(old.headers['last-modified']).toBeUndefined();
  });
});
