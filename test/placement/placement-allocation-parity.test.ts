/**
 * Allocation, reshaper and usage behaviour from Placement's allocations,
 * allocations-mappings, reshaper and consumer-types gabbits, on every
 * database: which provider generations a write bumps, the mappings schema,
 * the reshaper's early checks and three steps, case-sensitive consumer types.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';
import { faultDetail, placementCaller } from '../support/placement-call.js';

const PROJECT = '42a32c07-3eeb-4401-9373-68a8cdca6784';
const USER = '66cb2f29-c86d-47c3-8af5-69ae7b778c70';
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(DIALECTS)('placement allocation parity on %s', (dialect) => {
  let app: PlacementApp;
  usePlacementApp(dialect, 'placement_alloc_parity', (_s, a) => {
    app = a;
  });
  const call = placementCaller(() => app);
  const generation = async (rp: string) => (await call('GET', `/resource_providers/${rp}`)).json.generation;
  const provider = async (name: string, inventories: Record<string, { total: number }>, parent?: string) => {
    const rp = (
      await call('POST', '/resource_providers', '1.20', {
        name,
        ...(parent ? { parent_provider_uuid: parent } : {}),
      })
    ).json;
    await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
      resource_provider_generation: 0,
      inventories,
    });
    return rp.uuid as string;
  };
  const allocate = (
    consumer: string,
    allocations: Record<string, Record<string, number>>,
    gen: number | null,
  ) =>
    call('PUT', `/allocations/${consumer}`, '1.28', {
      allocations: Object.fromEntries(Object.entries(allocations).map(([rp, r]) => [rp, { resources: r }])),
      project_id: PROJECT,
      user_id: USER,
      consumer_generation: gen,
    });

  it('bumps the providers written to, those an emptied consumer left, and none on DELETE', async () => {
    const a = await provider('alloc-a', { VCPU: { total: 8 } });
    const b = await provider('alloc-b', { VCPU: { total: 8 } });
    expect((await allocate(uuid(1), { [a]: { VCPU: 1 } }, null)).status).toBe(204);
    expect([await generation(a), await generation(b)]).toEqual([2, 1]);
    // Moving the consumer from a to b: only b is written to.
    expect((await allocate(uuid(1), { [b]: { VCPU: 1 } }, 1)).status).toBe(204);
    expect([await generation(a), await generation(b)]).toEqual([2, 2]);
    // Emptying a consumer's allocations bumps the providers it held.
    expect((await allocate(uuid(1), {}, 2)).status).toBe(204);
    expect(await generation(b)).toBe(3);
    expect((await allocate(uuid(2), { [a]: { VCPU: 2 } }, null)).status).toBe(204);
    expect(await generation(a)).toBe(3);
    expect((await call('DELETE', `/allocations/${uuid(2)}`)).status).toBe(204);
    expect(await generation(a)).toBe(3);
    expect((await call('GET', `/resource_providers/${a}/usages`)).json.usages).toEqual({ VCPU: 0 });
  });

  it.each([
    { mappings: { alpha: 'beta' }, says: "'beta' is not of type 'array'" },
    { mappings: {}, says: '{} does not have enough properties' },
  ])('validates mappings $mappings', async ({ mappings, says }) => {
    const rp = await provider(`alloc-map-${says.length}`, { VCPU: { total: 4 } });
    const r = await call('PUT', `/allocations/${uuid(10 + says.length)}`, '1.34', {
      allocations: { [rp]: { resources: { VCPU: 1 } } },
      mappings,
      project_id: PROJECT,
      user_id: USER,
      consumer_generation: null,
    });
    expect(r.status).toBe(400);
    expect(faultDetail(r)).toContain(`JSON does not validate: ${says}`);
  });

  it('compares consumer types exactly when summing usages', async () => {
    const rp = await provider('alloc-types', { VCPU: { total: 8 } });
    const r = await call('PUT', `/allocations/${uuid(20)}`, '1.38', {
      allocations: { [rp]: { resources: { VCPU: 2 } } },
      project_id: PROJECT,
      user_id: USER,
      consumer_generation: null,
      consumer_type: 'INSTANCE',
    });
    expect(r.status).toBe(204);
    const exact = await call('GET', `/usages?project_id=${PROJECT}&consumer_type=INSTANCE`, '1.38');
    expect(exact.json.usages.INSTANCE).toMatchObject({ consumer_count: 1, VCPU: 2 });
    const lower = await call('GET', `/usages?project_id=${PROJECT}&consumer_type=instance`, '1.38');
    expect(lower.json.usages).toEqual({});
  });

  describe('reshaper', () => {
    const reshape = (inventories: object, allocations: object) =>
      call('POST', '/reshaper', '1.30', { inventories, allocations });

    it('checks every provider first: missing is 400, a stale generation 409 with both numbers', async () => {
      const rp = await provider('reshape-check', { VCPU: { total: 4 } });
      const missing = await reshape(
        {
          [rp]: { resource_provider_generation: 1, inventories: {} },
          [uuid(99)]: { resource_provider_generation: 0, inventories: {} },
        },
        {},
      );
      expect(missing.status).toBe(400);
      expect(missing.json.errors[0].code).toBe('placement.resource_provider.not_found');
      expect(faultDetail(missing)).toContain(`Resource provider ${uuid(99)} in inventories not found`);
      const stale = await reshape({ [rp]: { resource_provider_generation: 0, inventories: {} } }, {});
      expect(stale.status).toBe(409);
      expect(faultDetail(stale)).toContain('actual: 1, given: 0');
      const unknown = await reshape(
        { [rp]: { resource_provider_generation: 1, inventories: { DISK_OF_STEEL: { total: 1 } } } },
        {},
      );
      expect(unknown.status).toBe(400);
      expect(faultDetail(unknown)).toContain(
        'malformed reshaper data: No such resource class DISK_OF_STEEL.',
      );
    });

    it("moves VCPU to a child in Placement's three steps and their generations", async () => {
      const root = await provider('reshape-root', { VCPU: { total: 8 }, DISK_GB: { total: 100 } });
      const child = (
        await call('POST', '/resource_providers', '1.20', {
          name: 'reshape-child',
          parent_provider_uuid: root,
        })
      ).json.uuid as string;
      expect((await allocate(uuid(30), { [root]: { VCPU: 3, DISK_GB: 10 } }, null)).status).toBe(204);
      // root: 1 (inventory) + 1 (allocation) = 2; child: 0
      const r = await reshape(
        {
          [root]: { resource_provider_generation: 2, inventories: { DISK_GB: { total: 100 } } },
          [child]: { resource_provider_generation: 0, inventories: { VCPU: { total: 8 } } },
        },
        {
          [uuid(30)]: {
            allocations: { [root]: { resources: { DISK_GB: 10 } }, [child]: { resources: { VCPU: 3 } } },
            project_id: PROJECT,
            user_id: USER,
            consumer_generation: 1,
          },
        },
      );
      expect(r.status).toBe(204);
      // interim inventory, allocations, final inventory: +3 each.
      expect([await generation(root), await generation(child)]).toEqual([5, 3]);
      expect((await call('GET', `/resource_providers/${child}/usages`)).json.usages).toEqual({ VCPU: 3 });
      expect((await call('GET', `/resource_providers/${root}/usages`)).json.usages).toEqual({ DISK_GB: 10 });
      const conflict = await reshape(
        { [child]: { resource_provider_generation: 3, inventories: {} } },
        {
          [uuid(30)]: {
            allocations: { [root]: { resources: { DISK_GB: 10 } } },
            project_id: PROJECT,
            user_id: USER,
            consumer_generation: 1,
          },
        },
      );
      expect(conflict.status).toBe(409);
      expect(faultDetail(conflict)).toContain('consumer generation conflict');
    });
  });
});
