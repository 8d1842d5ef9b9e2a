import { describe, expect, it } from 'vitest';
import {
  findAllocationCandidates,
  matchProviders,
  type ProviderQuery,
  parseRequiredTraits,
} from './candidates.js';
import { withInventoryDefaults } from './inventory.js';
import { ProviderIndex, type ProviderIndexSnapshot } from './provider-index.js';

const rp = (uuid: string, parent: string | null = null, root = uuid) => ({
  uuid,
  name: `name-${uuid}`,
  generation: 1,
  parent_provider_uuid: parent,
  root_provider_uuid: root,
});
const inv = (provider_uuid: string, resource_class: string, total: number, extra = {}) => ({
  provider_uuid,
  resource_class,
  ...withInventoryDefaults({ total, ...extra }),
});

const snapshot: ProviderIndexSnapshot = {
  providers: [rp('a'), rp('b'), rp('c'), rp('c1', 'c', 'c')],
  inventories: [
    inv('a', 'VCPU', 4),
    inv('a', 'MEMORY_MB', 1024),
    inv('b', 'VCPU', 8, { allocation_ratio: 2 }),
    inv('b', 'MEMORY_MB', 4096, { reserved: 512 }),
    inv('c', 'VCPU', 16, { max_unit: 2 }),
    inv('c', 'MEMORY_MB', 4096),
    inv('c1', 'VCPU', 2),
  ],
  usages: [{ provider_uuid: 'a', resource_class: 'VCPU', used: 3 }],
  traits: [
    { provider_uuid: 'a', trait: 'HW_CPU_X86_AVX2' },
    { provider_uuid: 'b', trait: 'HW_CPU_X86_AVX2' },
    { provider_uuid: 'b', trait: 'CUSTOM_SLOW' },
    { provider_uuid: 'c', trait: 'HW_CPU_X86_SSE' },
  ],
  aggregates: [
    { provider_uuid: 'a', aggregate: 'agg1' },
    { provider_uuid: 'b', aggregate: 'agg2' },
    { provider_uuid: 'c', aggregate: 'agg1' },
  ],
};
const index = ProviderIndex.build(snapshot);
const names = (positions: number[]) => positions.map((p) => index.uuids[p]);

describe('matchProviders', () => {
  it.each<{ name: string; q: ProviderQuery; want: string[] }>([
    { name: 'capacity and max_unit', q: { resources: { VCPU: 2, MEMORY_MB: 512 } }, want: ['b', 'c'] },
    { name: 'used counts', q: { resources: { VCPU: 1 } }, want: ['a', 'b', 'c', 'c1'] },
    { name: 'max_unit excludes', q: { resources: { VCPU: 3 } }, want: ['b'] },
    { name: 'ratio raises capacity', q: { resources: { VCPU: 16 } }, want: ['b'] },
    { name: 'reserved lowers capacity', q: { resources: { MEMORY_MB: 3800 } }, want: ['c'] },
    { name: 'unknown class', q: { resources: { PCPU: 1 } }, want: [] },
    { name: 'required', q: { resources: { VCPU: 1 }, required: [['HW_CPU_X86_AVX2']] }, want: ['a', 'b'] },
    {
      name: 'forbidden',
      q: { resources: { VCPU: 1 }, required: [['HW_CPU_X86_AVX2']], forbidden: ['CUSTOM_SLOW'] },
      want: ['a'],
    },
    { name: 'any-of traits', q: { required: [['HW_CPU_X86_SSE', 'CUSTOM_SLOW']] }, want: ['b', 'c'] },
    // Own aggregates only: c1 is not a member through its root c.
    { name: 'member_of any', q: { member_of: [['agg1', 'agg2']] }, want: ['a', 'b', 'c'] },
    { name: 'member_of all', q: { member_of: [['agg1'], ['agg2']] }, want: [] },
    {
      name: 'forbidden member_of',
      q: { resources: { VCPU: 1 }, forbidden_member_of: ['agg1'] },
      want: ['b', 'c1'],
    },
    { name: 'in_tree', q: { in_tree: 'c1' }, want: ['c', 'c1'] },
    { name: 'in_tree unknown', q: { in_tree: 'zz' }, want: [] },
    { name: 'root_required', q: { root_required: ['HW_CPU_X86_SSE'] }, want: ['c', 'c1'] },
    { name: 'name', q: { name: 'name-b' }, want: ['b'] },
  ])('$name', ({ q, want }) => {
    expect(names(matchProviders(index, q))).toEqual(want);
  });
});

describe('findAllocationCandidates', () => {
  it('returns one request per provider with summaries', () => {
    const ac = findAllocationCandidates(index, { resources: { VCPU: 1, MEMORY_MB: 256 } }, { limit: 2 });
    expect(ac.allocation_requests).toEqual([
      { allocations: { a: { resources: { VCPU: 1, MEMORY_MB: 256 } } }, mappings: { '': ['a'] } },
      { allocations: { b: { resources: { VCPU: 1, MEMORY_MB: 256 } } }, mappings: { '': ['b'] } },
    ]);
    expect(ac.provider_summaries.a).toEqual({
      resources: { VCPU: { capacity: 4, used: 3 }, MEMORY_MB: { capacity: 1024, used: 0 } },
      traits: ['HW_CPU_X86_AVX2'],
      parent_provider_uuid: null,
      root_provider_uuid: 'a',
    });
    expect(Object.keys(ac.provider_summaries)).toEqual(['a', 'b']);
  });

  it('shuffles with the injected rng when randomize is set', () => {
    const ac = findAllocationCandidates(index, { resources: { VCPU: 1 } }, { randomize: true, rng: () => 0 });
    expect(ac.allocation_requests.map((r) => Object.keys(r.allocations)[0])).toEqual(['b', 'c', 'c1', 'a']);
  });

  it('sees usage updates made in place', () => {
    const local = ProviderIndex.build(snapshot);
    expect(local.setUsage('b', 'VCPU', 16)).toBe(true);
    expect(local.setUsage('b', 'PCPU', 1)).toBe(false);
    expect(names(matchProviders(local, { resources: { VCPU: 1 } })).includes('b')).toBe(false);
  });
});

describe('parseRequiredTraits', () => {
  it('splits plain, forbidden and in: values', () => {
    expect(parseRequiredTraits(['A,!B', 'in:C,D'])).toEqual({
      required: [['A'], ['C', 'D']],
      forbidden: ['B'],
    });
  });
});
