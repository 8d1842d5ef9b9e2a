/**
 * Inventory, provider and aggregate writes as Placement's inventory,
 * with-allocations, resource-provider and aggregate gabbits pin them, on
 * every database: POST without a generation, the provider looked up before
 * the body is validated, the generation compared before capacity, unknown
 * classes and in-use classes worded as Placement words them, renames that
 * keep the generation, aggregates in insertion order.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';
import { faultDetail, placementCaller } from '../support/placement-call.js';

const MISSING = '7850178f-1807-4512-b135-0b174985405b';
const AGG_1 = 'f918801a-5e54-4bee-9095-09a9d0c786b8';
const AGG_2 = 'a893eb5c-e2a0-4251-ab26-f71d3b0cfc0b';

describe.each(DIALECTS)('placement inventory parity on %s', (dialect) => {
  let app: PlacementApp;
  usePlacementApp(dialect, 'placement_inv_parity', (_s, a) => {
    app = a;
  });
  const call = placementCaller(() => app);
  const mkProvider = async (name: string) =>
    (await call('POST', '/resource_providers', '1.20', { name })).json;

  it('creates one inventory without a provider generation', async () => {
    const rp = await mkProvider('inv-post');
    const r = await call('POST', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_class: 'DISK_GB',
      total: 2048,
    });
    expect(r.status).toBe(201);
    expect(r.headers.location).toBe(`http://localhost:80/resource_providers/${rp.uuid}/inventories/DISK_GB`);
    expect(r.json).toMatchObject({ resource_provider_generation: 1, total: 2048, max_unit: 2147483647 });
    const dup = await call('POST', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_class: 'DISK_GB',
      total: 1,
    });
    expect(dup.status).toBe(409);
    const unknown = await call('POST', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_class: 'NO_CLASS_14',
      total: 2,
    });
    expect(unknown.status).toBe(400);
    expect(faultDetail(unknown)).toContain(
      `Unable to create inventory for resource provider ${rp.uuid}: No such resource class NO_CLASS_14.`,
    );
    const capacity = await call('POST', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_class: 'VCPU',
      total: 4,
      reserved: 4,
    });
    expect(capacity.status).toBe(400);
    expect(faultDetail(capacity)).toContain('Unable to create inventory for resource provider');
  });

  it.each([
    { method: 'POST' as const, url: (u: string) => `/resource_providers/${u}/inventories` },
    { method: 'PUT' as const, url: (u: string) => `/resource_providers/${u}/inventories` },
    { method: 'PUT' as const, url: (u: string) => `/resource_providers/${u}/inventories/VCPU` },
    { method: 'PUT' as const, url: (u: string) => `/resource_providers/${u}/aggregates` },
  ])('answers $method $url of a missing provider 404 before reading the body', async ({ method, url }) => {
    const r = await call(method, url(MISSING), '1.19', []);
    expect(r.status).toBe(404);
  });

  it('compares the generation before checking capacity, and names every class in use', async () => {
    const rp = await mkProvider('inv-order');
    const bad = { resource_provider_generation: 99, inventories: { VCPU: { total: 1, reserved: 5 } } };
    expect((await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.0', bad)).status).toBe(409);
    const put = await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_provider_generation: 0,
      inventories: { VCPU: { total: 4 }, DISK_GB: { total: 10 } },
    });
    expect(put.status).toBe(200);
    const one = await call('PUT', `/resource_providers/${rp.uuid}/inventories/VCPU`, '1.0', {
      resource_provider_generation: 0,
      total: 1,
      reserved: 5,
    });
    expect(one.status).toBe(409);
    const lower = await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_provider_generation: 1,
      inventories: { VCPU: { total: 4 }, cow: { total: 1 } },
    });
    expect(lower.status).toBe(400);
    expect(faultDetail(lower)).toContain('Unknown resource class in inventory for resource provider');
    expect(faultDetail(lower)).toContain('No such resource class cow.');
    const consumer = 'a0b15655-273a-4b3d-9792-2e579b7d5ad9';
    const alloc = await call('PUT', `/allocations/${consumer}`, '1.12', {
      allocations: { [rp.uuid]: { resources: { DISK_GB: 5, VCPU: 1 } } },
      project_id: 'p',
      user_id: 'u',
    });
    expect(alloc.status).toBe(204);
    const delAll = await call('DELETE', `/resource_providers/${rp.uuid}/inventories`, '1.23');
    expect(delAll.status).toBe(409);
    expect(delAll.json.errors[0].code).toBe('placement.inventory.inuse');
    expect(faultDetail(delAll)).toContain(
      `Inventory for 'VCPU, DISK_GB' on resource provider '${rp.uuid}' in use.`,
    );
  });

  it('refuses to delete a resource class in use or standard, as Placement words it', async () => {
    expect((await call('PUT', '/resource_classes/CUSTOM_GOLD', '1.7')).status).toBe(201);
    const rp = await mkProvider('inv-gold');
    await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_provider_generation: 0,
      inventories: { CUSTOM_GOLD: { total: 5 } },
    });
    const inUse = await call('DELETE', '/resource_classes/CUSTOM_GOLD', '1.2');
    expect(inUse.status).toBe(409);
    expect(faultDetail(inUse)).toContain(
      'Error in delete resource class: Cannot delete resource class CUSTOM_GOLD. Class is in use in inventory.',
    );
    const standard = await call('DELETE', '/resource_classes/VCPU', '1.2');
    expect(standard.status).toBe(400);
    expect(faultDetail(standard)).toContain(
      'Error in delete resource class: Cannot delete standard resource class VCPU.',
    );
  });

  it('keeps the generation when a provider is renamed', async () => {
    const rp = await mkProvider('inv-rename');
    const r = await call('PUT', `/resource_providers/${rp.uuid}`, '1.20', { name: 'inv-renamed' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: 'inv-renamed', generation: 0 });
  });

  it('lists aggregates in the order they were first set, bumping the generation only from 1.19', async () => {
    const rp = await mkProvider('inv-aggs');
    const old = await call('PUT', `/resource_providers/${rp.uuid}/aggregates`, '1.1', [AGG_1, AGG_2]);
    expect(old.json).toEqual({ aggregates: [AGG_1, AGG_2] });
    expect((await call('GET', `/resource_providers/${rp.uuid}`, '1.0')).json.generation).toBe(0);
    const r = await call('PUT', `/resource_providers/${rp.uuid}/aggregates`, '1.19', {
      aggregates: [AGG_1, AGG_2],
      resource_provider_generation: 0,
    });
    expect(r.json).toEqual({ aggregates: [AGG_1, AGG_2], resource_provider_generation: 1 });
  });
});
