/**
 * Query strings of GET /resource_providers and GET /allocation_candidates as
 * Placement's resource-provider, resource-provider-resources-query,
 * *-any-traits, allocation-candidates, granular, member-of, bug-1792503 and
 * root-required gabbits pin them, on every database: wording of bad values,
 * `required` repeats before 1.39, trait names checked after the groups,
 * aggregates (own for providers and suffixed groups, root too for the
 * unsuffixed group), nested providers below 1.29, traits in id order.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { type PlacementApp, usePlacementApp } from '../support/placement-app.js';
import { faultDetail, placementCaller } from '../support/placement-call.js';

const AGG_ROOT = '0a4f5c2e-0000-4000-8000-00000000000a';
const AGG_LEAF = '0a4f5c2e-0000-4000-8000-00000000000c';

describe.each(DIALECTS)('placement query parity on %s', (dialect) => {
  let app: PlacementApp;
  usePlacementApp(dialect, 'placement_query_parity', (_s, a) => {
    app = a;
  });
  const call = placementCaller(() => app);
  const ids: Record<string, string> = {};
  const provider = async (name: string, parent?: string, inventories?: Record<string, { total: number }>) => {
    const rp = (
      await call('POST', '/resource_providers', '1.20', {
        name,
        ...(parent ? { parent_provider_uuid: parent } : {}),
      })
    ).json;
    ids[name] = rp.uuid;
    if (inventories)
      await call('PUT', `/resource_providers/${rp.uuid}/inventories`, '1.0', {
        resource_provider_generation: 0,
        inventories,
      });
    return rp.uuid as string;
  };

  it('builds cn (aggregate R) with numa0 (aggregate C, traits) and numa1, each with VCPU', async () => {
    const cn = await provider('cn');
    const numa0 = await provider('numa0', cn, { VCPU: { total: 4 } });
    await provider('numa1', cn, { VCPU: { total: 4 } });
    expect((await call('PUT', `/resource_providers/${cn}/aggregates`, '1.1', [AGG_ROOT])).status).toBe(200);
    expect((await call('PUT', `/resource_providers/${numa0}/aggregates`, '1.1', [AGG_LEAF])).status).toBe(
      200,
    );
    expect((await call('PUT', '/traits/CUSTOM_FOO', '1.6')).status).toBe(201);
    const traits = await call('PUT', `/resource_providers/${numa0}/traits`, '1.6', {
      traits: ['CUSTOM_FOO', 'HW_NUMA_ROOT'],
      resource_provider_generation: 1,
    });
    expect(traits.status).toBe(200);
  });

  it.each([
    { q: 'resources=VCPU:1,', says: 'Got: .' },
    { q: 'resources=VCPU:-1', says: 'Requested resource VCPU requires amount >= 1. Got: -1.' },
    { q: 'resources=VCPU:1.5', says: 'Requested resource VCPU expected positive integer amount. Got: 1.5.' },
    {
      q: 'member_of=a,b',
      says: "Multiple values for 'member_of' must be prefixed with the 'in:' or '!in:' keyword",
    },
    {
      q: 'required=in:A,B',
      says: "The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' only supported since microversion 1.39",
    },
    { q: 'required=NOPE', says: 'Invalid trait(s) in "required" parameter: No such trait(s): NOPE.' },
  ])('words /resource_providers?$q at 1.38', async ({ q, says }) => {
    const r = await call('GET', `/resource_providers?${q}`, '1.38');
    expect(r.status).toBe(400);
    expect(faultDetail(r)).toContain(says);
  });

  it.each([
    {
      q: 'resources=VCPU:1&in_tree=life-is-beautiful',
      mv: '1.31',
      says: "Expected 'in_tree' parameter to be a format of uuid",
    },
    { q: 'resources01=VCPU:1', mv: '1.25', says: "'resources01' does not match any of the regexes" },
    {
      q: 'resources=VCPU:1&root_required=X',
      mv: '1.34',
      says: "'root_required' does not match any of the regexes",
    },
    { q: 'required=FOO&required1=FOO&resources=VCPU:1', mv: '1.25', says: 'orphaned traits keys: required1' },
  ])('words /allocation_candidates?$q at $mv', async ({ q, mv, says }) => {
    const r = await call('GET', `/allocation_candidates?${q}`, mv);
    expect(r.status).toBe(400);
    expect(faultDetail(r)).toContain(says);
  });

  it('lets the last required win before 1.39 and ANDs repeats from 1.39', async () => {
    const last = await call('GET', '/resource_providers?required=HW_CPU_X86_SSE&required=CUSTOM_FOO', '1.38');
    expect(last.json.resource_providers.map((p: { name: string }) => p.name)).toEqual(['numa0']);
    const both = await call('GET', '/resource_providers?required=HW_CPU_X86_SSE&required=CUSTOM_FOO', '1.39');
    expect(both.json.resource_providers).toEqual([]);
  });

  it("filters providers by their own aggregates, the unsuffixed group by the root's too", async () => {
    const own = await call('GET', `/resource_providers?member_of=${AGG_ROOT}`, '1.3');
    expect(own.json.resource_providers.map((p: { name: string }) => p.name)).toEqual(['cn']);
    const unsuffixed = await call(
      'GET',
      `/allocation_candidates?resources=VCPU:1&member_of=${AGG_ROOT}`,
      '1.32',
    );
    expect(unsuffixed.json.allocation_requests).toHaveLength(2);
    const granular = await call(
      'GET',
      `/allocation_candidates?resources1=VCPU:1&member_of1=${AGG_ROOT}`,
      '1.32',
    );
    expect(granular.json.allocation_requests).toHaveLength(0);
    const leaf = await call('GET', `/allocation_candidates?resources1=VCPU:1&member_of1=${AGG_LEAF}`, '1.32');
    expect(Object.keys(leaf.json.allocation_requests[0].allocations)).toEqual([ids.numa0]);
  });

  it('offers nested providers below 1.29, one per tree, summarising only those used', async () => {
    const old = await call('GET', '/allocation_candidates?resources=VCPU:1', '1.28');
    expect(old.json.allocation_requests).toHaveLength(2);
    expect(Object.keys(old.json.provider_summaries).sort()).toEqual([ids.numa0, ids.numa1].sort());
    const nested = await call('GET', '/allocation_candidates?resources=VCPU:1', '1.29');
    expect(Object.keys(nested.json.provider_summaries)).toHaveLength(3);
  });

  it('lists a provider summary’s traits in catalogue order (standard traits first)', async () => {
    const r = await call('GET', '/allocation_candidates?resources=VCPU:1', '1.29');
    expect(r.json.provider_summaries[ids.numa0!].traits).toEqual(['HW_NUMA_ROOT', 'CUSTOM_FOO']);
  });
});
