import { describe, expect, it } from 'vitest';
import type { RequestInstanceGroup } from '../../objects/request-spec.js';
import { makeHostState } from '../host-state.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createBuildFailureWeigher } from './build-failure-weigher.js';
import { createCrossCellWeigher } from './cross-cell-weigher.js';
import { createMetricsWeigher } from './metrics-weigher.js';
import { createPciWeigher, MAX_DEVS } from './pci-weigher.js';
import {
  createSoftAffinityWeigher,
  createSoftAntiAffinityWeigher,
} from './server-group-soft-affinity-weigher.js';
import { weighedOrder } from './weigher-test-support.js';

const names = (pairs: [string, number][]) => pairs.map(([h]) => h);

describe('ServerGroupSoftAffinityWeigher / SoftAntiAffinityWeigher', () => {
  const hosts = [
    makeHostState({ host: 'none', instances: ['x'] }),
    makeHostState({ host: 'two', instances: ['m1', 'm2'] }),
    makeHostState({ host: 'one', instances: ['m3', 'y'] }),
  ];
  const group = (policy: string): RequestInstanceGroup => ({
    policy,
    hosts: [],
    members: ['m1', 'm2', 'm3'],
  });

  it('soft-affinity prefers the host with the most members, weights normalised', () => {
    const spec = makeRequestSpec({ instance_group: group('soft-affinity') });
    expect(weighedOrder(createSoftAffinityWeigher, hosts, {}, spec)).toEqual([
      ['two', 1],
      ['one', 0.5],
      ['none', 0],
    ]);
  });

  it('soft-anti-affinity prefers the host with the fewest members', () => {
    const spec = makeRequestSpec({ instance_group: group('soft-anti-affinity') });
    expect(names(weighedOrder(createSoftAntiAffinityWeigher, hosts, {}, spec))).toEqual([
      'none',
      'one',
      'two',
    ]);
  });

  it.each([
    { name: 'no group', spec: makeRequestSpec() },
    { name: 'hard policy', spec: makeRequestSpec({ instance_group: group('affinity') }) },
  ])('weighs 0 with $name', ({ spec }) => {
    expect(weighedOrder(createSoftAffinityWeigher, hosts, {}, spec).map(([, w]) => w)).toEqual([0, 0, 0]);
    expect(weighedOrder(createSoftAntiAffinityWeigher, hosts, {}, spec).map(([, w]) => w)).toEqual([0, 0, 0]);
  });

  it('scales by soft_affinity_weight_multiplier', () => {
    const spec = makeRequestSpec({ instance_group: group('soft-affinity') });
    expect(
      weighedOrder(
        createSoftAffinityWeigher,
        hosts,
        { filter_scheduler: { soft_affinity_weight_multiplier: 3 } },
        spec,
      )[0],
    ).toEqual(['two', 3]);
  });
});

describe('BuildFailureWeigher', () => {
  it('pushes failing hosts down by a large multiplier', () => {
    const hosts = [makeHostState({ host: 'bad', failed_builds: 3 }), makeHostState({ host: 'good' })];
    expect(weighedOrder(createBuildFailureWeigher, hosts)).toEqual([
      ['good', 1000000],
      ['bad', 0],
    ]);
  });
});

describe('CrossCellWeigher', () => {
  const hosts = [
    makeHostState({ host: 'other', cell_uuid: 'c2' }),
    makeHostState({ host: 'source', cell_uuid: 'c1' }),
  ];
  it.each([
    { allow: true, want: ['source', 'other'] },
    { allow: false, want: ['other', 'source'] },
  ])('allow_cross_cell_move=$allow', ({ allow, want }) => {
    const spec = makeRequestSpec({ requested_destination: { cell: 'c1', allow_cross_cell_move: allow } });
    expect(names(weighedOrder(createCrossCellWeigher, hosts, {}, spec))).toEqual(want);
  });
});

describe('PCIWeigher', () => {
  const pool = (count: number) => [{ vendor_id: 'v', product_id: 'p', numa_node: null, count, tags: {} }];
  it('prefers hosts with fewer free devices, capping at MAX_DEVS', () => {
    const hosts = [
      makeHostState({ host: 'many', pci_stats: pool(500) }),
      makeHostState({ host: 'some', pci_stats: pool(4) }),
      makeHostState({ host: 'none' }),
      makeHostState({ host: 'lots', pci_stats: pool(MAX_DEVS) }),
    ];
    expect(names(weighedOrder(createPciWeigher, hosts))).toEqual(['none', 'some', 'many', 'lots']);
  });
});

describe('MetricsWeigher', () => {
  const hosts = [
    makeHostState({ host: 'busy', metrics: { 'cpu.percent': 90 } }),
    makeHostState({ host: 'idle', metrics: { 'cpu.percent': 10 } }),
    makeHostState({ host: 'unknown' }),
  ];
  it('weighs by ratio x value and sinks hosts lacking a metric', () => {
    const input = { metrics: { weight_setting: ['cpu.percent=-1.0'] } };
    expect(names(weighedOrder(createMetricsWeigher, hosts, input))).toEqual(['idle', 'busy', 'unknown']);
  });

  it('ignores a missing metric whose ratio is 0', () => {
    const input = { metrics: { weight_setting: ['cpu.percent=-1.0', 'gpu=0'] } };
    expect(names(weighedOrder(createMetricsWeigher, hosts.slice(0, 2), input))).toEqual(['idle', 'busy']);
  });

  it('weighs 0 everywhere without a weight_setting', () => {
    expect(weighedOrder(createMetricsWeigher, hosts).map(([, w]) => w)).toEqual([0, 0, 0]);
  });
});
