/**
 * Last-Modified as Placement computes it (util.pick_last_modified), over
 * HTTP on SQLite and MariaDB: records are dated by updated_at else
 * created_at, collections by their newest record, usages by the clock.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';

const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('placement Last-Modified on %s', (dialect) => {
  let app: PlacementApp;
  usePlacementApp(dialect, 'placement_lm', (_store, a) => {
    app = a;
  });

  const call = async (method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { 'x-auth-token': 'admin', 'openstack-api-version': 'placement 1.39' },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const lm = res.headers['last-modified'] as string | undefined;
    if (lm !== undefined) expect(lm).toMatch(HTTP_DATE);
    return { status: res.statusCode, json: res.body ? res.json() : undefined, lm };
  };
  const ms = (lm: string | undefined) => Date.parse(lm!);

  it('dates a provider by created_at, then updated_at, and the list by its newest', async () => {
    const a = await call('POST', '/resource_providers', { name: 'lm-a' });
    expect(a.status).toBe(200);
    // The database clock and ours agree (no time zone shift on MariaDB).
    expect(Math.abs(ms(a.lm) - Date.now())).toBeLessThan(5000);
    const b = await call('POST', '/resource_providers', { name: 'lm-b' });
    const shown = await call('GET', `/resource_providers/${a.json.uuid}`);
    expect(shown.lm).toBe(a.lm);

    await sleep(1100);
    expect((await call('GET', `/resource_providers/${a.json.uuid}`)).lm).toBe(a.lm);
    const listed = await call('GET', '/resource_providers?name=lm-b');
    expect(listed.lm).toBe(b.lm);

    const updated = await call('PUT', `/resource_providers/${a.json.uuid}`, { name: 'lm-a2' });
    expect(updated.status).toBe(200);
    expect(ms(updated.lm)).toBeGreaterThan(ms(a.lm));
    expect((await call('GET', `/resource_providers/${a.json.uuid}`)).lm).toBe(updated.lm);
    const all = await call('GET', '/resource_providers');
    expect(all.json.resource_providers).toHaveLength(2);
    expect(all.lm).toBe(updated.lm);
  });

  it('dates inventories by their rows and sends none for an empty list', async () => {
    const rp = (await call('POST', '/resource_providers', { name: 'lm-inv' })).json;
    const empty = await call('GET', `/resource_providers/${rp.uuid}/inventories`);
    expect(empty.status).toBe(200);
    expect(empty.lm).toBeUndefined();

    const put = await call('PUT', `/resource_providers/${rp.uuid}/inventories`, {
      resource_provider_generation: rp.generation,
      inventories: { VCPU: { total: 8 }, DISK_GB: { total: 100 } },
    });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({
      resource_provider_generation: rp.generation + 1,
      inventories: expect.objectContaining({ VCPU: expect.objectContaining({ total: 8 }) }),
    });
    const listed = await call('GET', `/resource_providers/${rp.uuid}/inventories`);
    expect(Object.keys(listed.json)).toEqual(['resource_provider_generation', 'inventories']);
    await sleep(1100);
    const again = await call('GET', `/resource_providers/${rp.uuid}/inventories`);
    expect(again.lm).toBe(listed.lm);
    const one = await call('GET', `/resource_providers/${rp.uuid}/inventories/VCPU`);
    expect(one.lm).toBe(listed.lm);

    const changed = await call('PUT', `/resource_providers/${rp.uuid}/inventories/VCPU`, {
      resource_provider_generation: rp.generation + 1,
      total: 16,
    });
    expect(changed.status).toBe(200);
    const after = await call('GET', `/resource_providers/${rp.uuid}/inventories/VCPU`);
    expect(ms(after.lm)).toBeGreaterThan(ms(one.lm));
    expect((await call('GET', `/resource_providers/${rp.uuid}/inventories/DISK_GB`)).lm).toBe(one.lm);
    expect((await call('GET', `/resource_providers/${rp.uuid}/inventories`)).lm).toBe(after.lm);
  });

  it('dates traits and resource classes by when they were created', async () => {
    const created = await call('PUT', '/traits/CUSTOM_LM_TRAIT');
    expect(created.status).toBe(201);
    await sleep(1100);
    const shown = await call('GET', '/traits/CUSTOM_LM_TRAIT');
    expect(shown.status).toBe(204);
    expect(shown.lm).toBe(created.lm);
    expect((await call('PUT', '/traits/CUSTOM_LM_TRAIT')).lm).toBe(created.lm);
    // The custom trait is the newest of all.
    expect((await call('GET', '/traits')).lm).toBe(created.lm);

    const rc = await call('POST', '/resource_classes', { name: 'CUSTOM_LM_CLASS' });
    expect(rc.status).toBe(201);
    const one = await call('GET', '/resource_classes/CUSTOM_LM_CLASS');
    await sleep(1100);
    expect((await call('GET', '/resource_classes/CUSTOM_LM_CLASS')).lm).toBe(one.lm);
    expect((await call('GET', '/resource_classes')).lm).toBe(one.lm);
  });

  it('dates usages and empty trait lists now', async () => {
    const rp = (await call('POST', '/resource_providers', { name: 'lm-usage' })).json;
    await sleep(1100);
    const before = Math.floor(Date.now() / 1000) * 1000;
    const usages = await call('GET', `/resource_providers/${rp.uuid}/usages`);
    expect(ms(usages.lm)).toBeGreaterThanOrEqual(before);
    const traits = await call('GET', `/resource_providers/${rp.uuid}/traits`);
    expect(traits.json.traits).toEqual([]);
    expect(ms(traits.lm)).toBeGreaterThanOrEqual(before);
  });
});
