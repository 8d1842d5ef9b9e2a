import { describe, expect, it } from 'vitest';
import {
  findGroupedAllocationCandidates,
  type RequestGroup,
  type RequestWideParams,
} from './granular-candidates.js';
import { ProviderIndex, type ProviderIndexSnapshot } from './provider-index.js';

const inv = (total: number) => ({
  total,
  reserved: 0,
  min_unit: 1,
  max_unit: total,
  step_size: 1,
  allocation_ratio: 1,
});

/** A host with two NUMA nodes, each with a PF; pf0 is on the public physnet. */
function numaTree(): ProviderIndex {
  const p = (uuid: string, parent: string | null) => ({
    uuid,
    name: uuid,
    generation: 0,
    parent_provider_uuid: parent,
    root_provider_uuid: 'cn',
  });
  const snap: ProviderIndexSnapshot = {
    providers: [p('cn', null), p('numa0', 'cn'), p('numa1', 'cn'), p('pf0', 'numa0'), p('pf1', 'numa1')],
    inventories: [
      { provider_uuid: 'cn', resource_class: 'DISK_GB', ...inv(100) },
      { provider_uuid: 'numa0', resource_class: 'VCPU', ...inv(4) },
      { provider_uuid: 'numa0', resource_class: 'MEMORY_MB', ...inv(1024) },
      { provider_uuid: 'numa1', resource_class: 'VCPU', ...inv(4) },
      { provider_uuid: 'numa1', resource_class: 'MEMORY_MB', ...inv(1024) },
      { provider_uuid: 'pf0', resource_class: 'SRIOV_NET_VF', ...inv(8) },
      { provider_uuid: 'pf1', resource_class: 'SRIOV_NET_VF', ...inv(8) },
    ],
    usages: [],
    traits: [
      { provider_uuid: 'pf0', trait: 'CUSTOM_PHYSNET_PUBLIC' },
      { provider_uuid: 'cn', trait: 'COMPUTE_STATUS_ENABLED' },
    ],
    aggregates: [],
  };
  return ProviderIndex.build(snap);
}

/** Two hosts and a shared disk pool in aggregate A with cn1 only. */
function sharingCloud(): ProviderIndex {
  const root = (uuid: string) => ({
    uuid,
    name: uuid,
    generation: 0,
    parent_provider_uuid: null,
    root_provider_uuid: uuid,
  });
  return ProviderIndex.build({
    providers: [root('cn1'), root('cn2'), root('ss')],
    inventories: [
      { provider_uuid: 'cn1', resource_class: 'VCPU', ...inv(4) },
      { provider_uuid: 'cn2', resource_class: 'VCPU', ...inv(4) },
      { provider_uuid: 'ss', resource_class: 'DISK_GB', ...inv(1000) },
    ],
    usages: [{ provider_uuid: 'cn1', resource_class: 'VCPU', used: 1 }],
    traits: [{ provider_uuid: 'ss', trait: 'MISC_SHARES_VIA_AGGREGATE' }],
    aggregates: [
      { provider_uuid: 'cn1', aggregate: 'agg-a' },
      { provider_uuid: 'ss', aggregate: 'agg-a' },
    ],
  });
}

/** Candidates as sorted "rp:RC=n" strings, one per allocation request. */
function run(index: ProviderIndex, groups: RequestGroup[], wide: RequestWideParams = {}) {
  const ac = findGroupedAllocationCandidates(index, groups, { nested_aware: true, ...wide });
  const flat = ac.allocation_requests.map((ar) =>
    Object.entries(ar.allocations)
      .flatMap(([rp, a]) => Object.entries(a.resources).map(([rc, n]) => `${rp}:${rc}=${n}`))
      .sort()
      .join(' '),
  );
  return { flat: flat.sort(), ac };
}

describe('findGroupedAllocationCandidates on a nested tree', () => {
  const index = numaTree();

  it.each<[string, RequestGroup[], RequestWideParams, string[]]>([
    [
      'unsuffixed group spreads over the tree',
      [{ suffix: '', resources: { VCPU: 1, MEMORY_MB: 512 } }],
      {},
      [
        'numa0:MEMORY_MB=512 numa0:VCPU=1',
        'numa0:MEMORY_MB=512 numa1:VCPU=1',
        'numa0:VCPU=1 numa1:MEMORY_MB=512',
        'numa1:MEMORY_MB=512 numa1:VCPU=1',
      ],
    ],
    [
      'a suffixed group stays on one provider',
      [{ suffix: '1', resources: { VCPU: 1, MEMORY_MB: 512 } }],
      {},
      ['numa0:MEMORY_MB=512 numa0:VCPU=1', 'numa1:MEMORY_MB=512 numa1:VCPU=1'],
    ],
    [
      'same_subtree keeps the VF under the chosen NUMA node',
      [
        { suffix: '1', resources: { VCPU: 1 } },
        { suffix: '2', resources: { SRIOV_NET_VF: 1 } },
      ],
      { group_policy: 'none', same_subtree: [['1', '2']] },
      ['numa0:VCPU=1 pf0:SRIOV_NET_VF=1', 'numa1:VCPU=1 pf1:SRIOV_NET_VF=1'],
    ],
    [
      'resourceless group anchors a same_subtree',
      [
        { suffix: '_NUMA', required: [['CUSTOM_NOPE']] },
        { suffix: '_NIC', resources: { SRIOV_NET_VF: 1 } },
      ],
      { group_policy: 'none', same_subtree: [['_NUMA', '_NIC']] },
      [],
    ],
    [
      'unsuffixed required traits are satisfied by the providers used',
      [{ suffix: '', resources: { SRIOV_NET_VF: 1 }, required: [['CUSTOM_PHYSNET_PUBLIC']] }],
      {},
      ['pf0:SRIOV_NET_VF=1'],
    ],
    [
      'forbidden traits exclude a provider',
      [{ suffix: '', resources: { SRIOV_NET_VF: 1 }, forbidden: ['CUSTOM_PHYSNET_PUBLIC'] }],
      {},
      ['pf1:SRIOV_NET_VF=1'],
    ],
    [
      'root_required is checked on the root',
      [{ suffix: '1', resources: { VCPU: 1 } }],
      { root_required: ['COMPUTE_STATUS_ENABLED'] },
      ['numa0:VCPU=1', 'numa1:VCPU=1'],
    ],
    [
      'root_forbidden drops the whole tree',
      [{ suffix: '1', resources: { VCPU: 1 } }],
      { root_forbidden: ['COMPUTE_STATUS_ENABLED'] },
      [],
    ],
    [
      'amounts of groups on one provider are summed and capacity-checked',
      [
        { suffix: '', resources: { VCPU: 3 } },
        { suffix: '1', resources: { VCPU: 2 } },
      ],
      {},
      ['numa0:VCPU=2 numa1:VCPU=3', 'numa0:VCPU=3 numa1:VCPU=2'],
    ],
  ])('%s', (_name, groups, wide, expected) => {
    expect(run(index, groups, wide).flat).toEqual(expected);
  });

  it('isolate puts suffixed groups on distinct providers; none allows sharing one', () => {
    const groups: RequestGroup[] = [
      { suffix: '1', resources: { VCPU: 1 } },
      { suffix: '2', resources: { VCPU: 1 } },
    ];
    const isolate = run(index, groups, { group_policy: 'isolate' });
    expect(isolate.flat).toEqual(['numa0:VCPU=1 numa1:VCPU=1', 'numa0:VCPU=1 numa1:VCPU=1']);
    expect(isolate.ac.allocation_requests.map((a) => a.mappings)).toContainEqual({
      '1': ['numa1'],
      '2': ['numa0'],
    });
    expect(run(index, groups, { group_policy: 'none' }).flat).toEqual([
      'numa0:VCPU=1 numa1:VCPU=1',
      'numa0:VCPU=1 numa1:VCPU=1',
      'numa0:VCPU=2',
      'numa1:VCPU=2',
    ]);
  });

  it('summarises every provider of the tree', () => {
    const { ac } = run(index, [{ suffix: '1', resources: { SRIOV_NET_VF: 1 } }]);
    expect(Object.keys(ac.provider_summaries).sort()).toEqual(['cn', 'numa0', 'numa1', 'pf0', 'pf1']);
    expect(ac.provider_summaries.pf0!.parent_provider_uuid).toBe('numa0');
    expect(ac.provider_summaries.pf0!.root_provider_uuid).toBe('cn');
  });

  it('below 1.29 keeps one provider per tree and summarises only the providers used', () => {
    const nested = run(index, [{ suffix: '', resources: { VCPU: 1 } }], { nested_aware: false });
    expect(nested.flat).toEqual(['numa0:VCPU=1', 'numa1:VCPU=1']);
    expect(Object.keys(nested.ac.provider_summaries).sort()).toEqual(['numa0', 'numa1']);
    // VCPU (numas) and DISK_GB (root) would need two providers of one tree.
    expect(
      run(index, [{ suffix: '', resources: { VCPU: 1, DISK_GB: 1 } }], { nested_aware: false }).flat,
    ).toEqual([]);
    expect(run(index, [{ suffix: '', resources: { DISK_GB: 1 } }], { nested_aware: false }).flat).toEqual([
      'cn:DISK_GB=1',
    ]);
  });

  it('stops at the limit', () => {
    const { ac } = run(index, [{ suffix: '', resources: { VCPU: 1, MEMORY_MB: 512 } }]);
    expect(ac.allocation_requests).toHaveLength(4);
    const limited = findGroupedAllocationCandidates(
      index,
      [{ suffix: '', resources: { VCPU: 1, MEMORY_MB: 512 } }],
      {},
      { limit: 2 },
    );
    expect(limited.allocation_requests).toHaveLength(2);
  });
});

describe('findGroupedAllocationCandidates with a sharing provider', () => {
  const index = sharingCloud();

  it.each<[string, RequestGroup[], string[]]>([
    [
      'disk comes from the pool shared with cn1 only',
      [{ suffix: '', resources: { VCPU: 1, DISK_GB: 10 } }],
      ['cn1:VCPU=1 ss:DISK_GB=10'],
    ],
    [
      'the pool alone serves a disk-only request once',
      [{ suffix: '', resources: { DISK_GB: 10 } }],
      ['ss:DISK_GB=10'],
    ],
    [
      'a suffixed group can land on the pool',
      [
        { suffix: '', resources: { VCPU: 1 } },
        { suffix: 'D', resources: { DISK_GB: 10 } },
      ],
      ['cn1:VCPU=1 ss:DISK_GB=10'],
    ],
    ['usage counts against capacity', [{ suffix: '', resources: { VCPU: 4 } }], ['cn2:VCPU=4']],
    [
      'member_of on the unsuffixed group filters the providers used',
      [{ suffix: '', resources: { VCPU: 1 }, member_of: [['agg-a']] }],
      ['cn1:VCPU=1'],
    ],
  ])('%s', (_name, groups, expected) => {
    expect(run(index, groups).flat).toEqual(expected);
  });

  it('includes the sharing provider in the summaries', () => {
    const { ac } = run(index, [{ suffix: '', resources: { VCPU: 1, DISK_GB: 10 } }]);
    expect(Object.keys(ac.provider_summaries).sort()).toEqual(['cn1', 'ss']);
    expect(ac.provider_summaries.ss!.traits).toEqual(['MISC_SHARES_VIA_AGGREGATE']);
  });
});
