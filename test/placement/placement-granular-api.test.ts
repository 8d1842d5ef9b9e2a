/**
 * GET /allocation_candidates over nested and sharing providers with granular
 * groups, and POST /reshaper, through the HTTP app on SQLite and MariaDB
 * (after Placement's granular.yaml, same-subtree.yaml and reshaper.yaml).
 */
import { randomUUID } from 'node:crypto';
import { type KnexPlacementStore, openPlacementStore } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacementApp } from '../../packages/server/src/api/placement/index.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

describe.each(DIALECTS)('placement granular candidates on %s', (dialect) => {
  let db: TestDatabase;
  let store: KnexPlacementStore;
  let app: ReturnType<typeof createPlacementApp>;
  const rp: Record<string, string> = {};

  const call = async (method: 'GET' | 'PUT' | 'POST', url: string, body?: object, mv = '1.39') => {
    const res = await app.inject({
      method,
      url,
      headers: { 'x-auth-token': 'admin', 'openstack-api-version': `placement ${mv}` },
      ...(body ? { payload: body } : {}),
    });
    return { status: res.statusCode, json: res.body ? res.json() : undefined };
  };
  const provider = async (name: string, parent?: string, inventories?: Record<string, object>) => {
    const r = await call('POST', '/resource_providers', { name, parent_provider_uuid: parent ?? null });
    expect(r.status).toBe(200);
    rp[name] = r.json.uuid;
    if (inventories)
      expect(
        (
          await call('PUT', `/resource_providers/${r.json.uuid}/inventories`, {
            resource_provider_generation: 0,
            inventories,
          })
        ).status,
      ).toBe(200);
    return r.json.uuid as string;
  };
  const traits = async (name: string, list: string[]) => {
    const g = (await call('GET', `/resource_providers/${rp[name]}`)).json.generation;
    for (const t of list.filter((x) => x.startsWith('CUSTOM_'))) await call('PUT', `/traits/${t}`);
    expect(
      (
        await call('PUT', `/resource_providers/${rp[name]}/traits`, {
          resource_provider_generation: g,
          traits: list,
        })
      ).status,
    ).toBe(200);
  };

  beforeAll(async () => {
    db = await createTestDatabase(dialect, 'placement_granular');
    store = await openPlacementStore(db.url);
    app = createPlacementApp({ store });
    const cn = await provider('cn');
    const n0 = await provider('numa0', cn, { VCPU: { total: 4 }, MEMORY_MB: { total: 2048 } });
    const n1 = await provider('numa1', cn, { VCPU: { total: 4 }, MEMORY_MB: { total: 2048 } });
    await provider('pf0', n0, { SRIOV_NET_VF: { total: 8 } });
    await provider('pf1', n1, { SRIOV_NET_VF: { total: 8 } });
    await traits('pf0', ['CUSTOM_PHYSNET_PUBLIC']);
    await traits('cn', ['HW_CPU_X86_AVX2']);
    // A flat host and a shared disk pool in the same aggregate.
    await provider('flat', undefined, { VCPU: { total: 8 }, MEMORY_MB: { total: 4096 } });
    await provider('ss', undefined, { DISK_GB: { total: 1000 } });
    await traits('ss', ['MISC_SHARES_VIA_AGGREGATE']);
    const agg = randomUUID();
    for (const name of ['flat', 'ss']) {
      const g = (await call('GET', `/resource_providers/${rp[name]}`)).json.generation;
      await call('PUT', `/resource_providers/${rp[name]}/aggregates`, {
        resource_provider_generation: g,
        aggregates: [agg],
      });
    }
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  const providersOf = (ac: any) =>
    ac.allocation_requests.map((ar: any) =>
      Object.keys(ar.allocations)
        .map((u) => Object.keys(rp).find((k) => rp[k] === u))
        .sort()
        .join('+'),
    );

  it.each<[string, string, string[]]>([
    [
      'unsuffixed spreads over the tree',
      'resources=VCPU:1,MEMORY_MB:512',
      ['flat', 'numa0', 'numa0+numa1', 'numa0+numa1', 'numa1'],
    ],
    ['suffixed stays on one provider', 'resources1=VCPU:1,MEMORY_MB:512', ['flat', 'numa0', 'numa1']],
    [
      'same_subtree pairs a NUMA node with its own PF',
      'resources_CPU=VCPU:1&resources_NIC=SRIOV_NET_VF:1&group_policy=none&same_subtree=_CPU,_NIC',
      ['numa0+pf0', 'numa1+pf1'],
    ],
    [
      'required trait in a granular group',
      'resources1=SRIOV_NET_VF:1&required1=CUSTOM_PHYSNET_PUBLIC',
      ['pf0'],
    ],
    [
      'forbidden trait in a granular group',
      'resources1=SRIOV_NET_VF:1&required1=!CUSTOM_PHYSNET_PUBLIC',
      ['pf1'],
    ],
    ['root_required', 'resources1=VCPU:1&root_required=HW_CPU_X86_AVX2', ['numa0', 'numa1']],
    ['root_required forbidden', 'resources1=VCPU:1&root_required=!HW_CPU_X86_AVX2', ['flat']],
    ['isolate', 'resources1=VCPU:1&resources2=VCPU:1&group_policy=isolate', ['numa0+numa1', 'numa0+numa1']],
    ['sharing provider with its anchor', 'resources=VCPU:1,DISK_GB:10', ['flat+ss']],
    [
      'resourceless group in a subtree',
      'resources_NIC=SRIOV_NET_VF:1&required_NUMA=!CUSTOM_NOPE&same_subtree=_NUMA,_NIC&group_policy=none',
      // _NUMA may be any ancestor-or-self of the PF that lacks the trait.
      ['pf0', 'pf0', 'pf0', 'pf1', 'pf1', 'pf1'],
    ],
  ])('%s', async (_name, query, expected) => {
    if (query.includes('CUSTOM_NOPE')) await call('PUT', '/traits/CUSTOM_NOPE');
    const r = await call('GET', `/allocation_candidates?${query}`);
    expect(r.status).toBe(200);
    expect(providersOf(r.json).sort()).toEqual(expected);
  });

  it('returns mappings and whole trees in the summaries', async () => {
    const r = await call(
      'GET',
      '/allocation_candidates?resources1=SRIOV_NET_VF:1&required1=CUSTOM_PHYSNET_PUBLIC',
    );
    expect(r.json.allocation_requests[0].mappings).toEqual({ '1': [rp.pf0] });
    expect(Object.keys(r.json.provider_summaries).sort()).toEqual(
      ['cn', 'numa0', 'numa1', 'pf0', 'pf1'].map((n) => rp[n]).sort(),
    );
    expect(r.json.provider_summaries[rp.pf0!].parent_provider_uuid).toBe(rp.numa0);
  });

  it.each<[string, string, number, string]>([
    ['group_policy is required with two groups', 'resources1=VCPU:1&resources2=VCPU:1', 400, 'group_policy'],
    ['suffixes need 1.25', 'resources1=VCPU:1', 400, 'Additional properties'],
    [
      'resourceless groups need same_subtree',
      'resources=VCPU:1&required2=HW_CPU_X86_AVX2',
      400,
      'same_subtree',
    ],
    ['same_subtree names real groups', 'resources1=VCPU:1&same_subtree=1,9', 400, 'Real suffixes'],
    ['conflicting traits', 'resources=VCPU:1&required=HW_CPU_X86_AVX2,!HW_CPU_X86_AVX2', 400, 'Conflicting'],
    ['bad group_policy', 'resources1=VCPU:1&group_policy=bogus', 400, 'bogus'],
  ])('%s', async (name, query, status, text) => {
    const mv = name === 'suffixes need 1.25' ? '1.24' : '1.39';
    const r = await call('GET', `/allocation_candidates?${query}`, undefined, mv);
    expect(r.status).toBe(status);
    expect(r.json.errors[0].detail).toContain(text);
  });

  it('below 1.29 offers candidates drawing from one provider per tree', async () => {
    const r = await call('GET', '/allocation_candidates?resources=VCPU:1', undefined, '1.28');
    expect(providersOf(r.json)).toEqual(['numa0', 'numa1', 'flat']);
  });

  it('reshapes: moves VCPU and its allocation from numa1 to a new child', async () => {
    const child = await provider('numa1-cpu', rp.numa1);
    const consumer = randomUUID();
    expect(
      (
        await call('PUT', `/allocations/${consumer}`, {
          allocations: { [rp.numa1!]: { resources: { VCPU: 2 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: null,
          consumer_type: 'INSTANCE',
        })
      ).status,
    ).toBe(204);
    const numa1 = (await call('GET', `/resource_providers/${rp.numa1}/inventories`)).json;
    const body = {
      inventories: {
        [rp.numa1!]: {
          resource_provider_generation: numa1.resource_provider_generation,
          inventories: { MEMORY_MB: { total: 2048 } },
        },
        [child]: { resource_provider_generation: 0, inventories: { VCPU: { total: 4 } } },
      },
      allocations: {
        [consumer]: {
          allocations: { [child]: { resources: { VCPU: 2 } } },
          project_id: 'p',
          user_id: 'u',
          consumer_generation: 1,
          consumer_type: 'INSTANCE',
        },
      },
    };
    expect((await call('POST', '/reshaper', body, '1.29')).status).toBe(404);
    const stale = structuredClone(body);
    stale.allocations[consumer]!.consumer_generation = 7;
    expect((await call('POST', '/reshaper', stale)).status).toBe(409);
    expect((await call('POST', '/reshaper', body)).status).toBe(204);
    const after = (await call('GET', `/allocations/${consumer}`)).json;
    expect(Object.keys(after.allocations)).toEqual([child]);
    expect(
      (await call('GET', `/resource_providers/${rp.numa1}/inventories`)).json.inventories,
    ).not.toHaveProperty('VCPU');
    expect((await call('GET', `/resource_providers/${child}/usages`)).json.usages).toEqual({ VCPU: 2 });
  });
});
