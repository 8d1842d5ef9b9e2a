import { describe, expect, it } from 'vitest';
import { makeHostState } from '../host-state.js';
import { createCpuWeigher } from './cpu-weigher.js';
import { createDiskWeigher } from './disk-weigher.js';
import { createIoOpsWeigher } from './io-ops-weigher.js';
import { weighedOrder } from './weigher-test-support.js';

describe('CPUWeigher', () => {
  const hosts = [
    makeHostState({ host: 'h1', vcpus_total: 4, cpu_allocation_ratio: 1, vcpus_used: 3 }),
    makeHostState({ host: 'h2', vcpus_total: 4, cpu_allocation_ratio: 2, vcpus_used: 4 }),
    makeHostState({ host: 'h3', vcpus_total: 8, cpu_allocation_ratio: 1, vcpus_used: 0 }),
  ];
  it.each([
    {
      multiplier: 1,
      want: [
        ['h3', 1],
        ['h2', 0.5],
        ['h1', 0.125],
      ],
    },
    {
      multiplier: -1,
      want: [
        ['h1', -0.125],
        ['h2', -0.5],
        ['h3', -1],
      ],
    },
    {
      multiplier: 0,
      want: [
        ['h1', 0],
        ['h2', 0],
        ['h3', 0],
      ],
    },
  ])('multiplier $multiplier', ({ multiplier, want }) => {
    expect(
      weighedOrder(createCpuWeigher, hosts, { filter_scheduler: { cpu_weight_multiplier: multiplier } }),
    ).toEqual(want);
  });
});

describe('DiskWeigher', () => {
  const hosts = [
    makeHostState({ host: 'small', free_disk_mb: 1024 }),
    makeHostState({ host: 'big', free_disk_mb: 4096 }),
  ];
  it.each([
    { multiplier: 1, first: 'big' },
    { multiplier: -1, first: 'small' },
  ])('multiplier $multiplier prefers $first', ({ multiplier, first }) => {
    expect(
      weighedOrder(createDiskWeigher, hosts, {
        filter_scheduler: { disk_weight_multiplier: multiplier },
      })[0]?.[0],
    ).toBe(first);
  });

  it('lets aggregate metadata override the multiplier', () => {
    const stacked = [
      {
        ...hosts[0]!,
        aggregates: [{ id: 1, uuid: 'a', name: 'a', metadata: { disk_weight_multiplier: ['-1'] } }],
      },
      {
        ...hosts[1]!,
        aggregates: [{ id: 1, uuid: 'a', name: 'a', metadata: { disk_weight_multiplier: ['-1'] } }],
      },
    ];
    expect(weighedOrder(createDiskWeigher, stacked)[0]?.[0]).toBe('small');
  });
});

describe('IoOpsWeigher', () => {
  const hosts = [
    makeHostState({ host: 'busy', num_io_ops: 6 }),
    makeHostState({ host: 'idle', num_io_ops: 2 }),
  ];
  it.each([
    {
      multiplier: undefined,
      want: [
        ['idle', -1 / 3],
        ['busy', -1],
      ],
    },
    {
      multiplier: 2,
      want: [
        ['busy', 2],
        ['idle', 2 / 3],
      ],
    },
  ])('multiplier $multiplier', ({ multiplier, want }) => {
    const input =
      multiplier === undefined ? {} : { filter_scheduler: { io_ops_weight_multiplier: multiplier } };
    expect(weighedOrder(createIoOpsWeigher, hosts, input)).toEqual(want);
  });
});
