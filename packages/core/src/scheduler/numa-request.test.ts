import { describe, expect, it } from 'vitest';
import type { Flavor } from '../objects/flavor.js';
import { MEMPAGES_ANY, MEMPAGES_LARGE, MEMPAGES_SMALL } from './mem-page-size.js';
import { requestNumaTopology } from './numa-request.js';
import { makeRequestSpec } from './request-spec-builder.js';

type Specs = Record<string, string>;

const flavor = (extra_specs: Record<string, string>, vcpus = 4, memory_mb = 2048): Flavor => ({
  ...makeRequestSpec().flavor,
  vcpus,
  memory_mb,
  extra_specs,
});

describe('requestNumaTopology', () => {
  it('asks nothing when no NUMA key is set', () => {
    expect(requestNumaTopology(flavor({}))).toBeNull();
  });

  it.each<{ name: string; specs: Specs; want: unknown }>([
    {
      name: 'even split over hw:numa_nodes',
      specs: { 'hw:numa_nodes': '2' },
      want: [
        { id: 0, cpus: 2, memory_mb: 1024, cpuset: [0, 1], pcpuset: [] },
        { id: 1, cpus: 2, memory_mb: 1024, cpuset: [2, 3], pcpuset: [] },
      ],
    },
    {
      name: 'hw:numa_cpus.N / hw:numa_mem.N',
      specs: {
        'hw:numa_nodes': '2',
        'hw:numa_cpus.0': '0',
        'hw:numa_cpus.1': '1-3',
        'hw:numa_mem.0': '512',
        'hw:numa_mem.1': '1536',
      },
      want: [
        { id: 0, cpus: 1, memory_mb: 512, cpuset: [0], pcpuset: [] },
        { id: 1, cpus: 3, memory_mb: 1536, cpuset: [1, 2, 3], pcpuset: [] },
      ],
    },
    {
      name: 'dedicated: one cell, every vCPU pinned',
      specs: { 'hw:cpu_policy': 'dedicated' },
      want: [{ id: 0, cpus: 4, memory_mb: 2048, cpuset: [], pcpuset: [0, 1, 2, 3] }],
    },
    {
      name: 'mixed with a dedicated mask',
      specs: { 'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '^0-1' },
      want: [{ id: 0, cpus: 4, memory_mb: 2048, cpuset: [0, 1], pcpuset: [2, 3] }],
    },
  ])('$name', ({ specs, want }) => {
    expect(requestNumaTopology(flavor(specs))?.cells).toEqual(want);
  });

  it.each([
    { name: 'small', size: 'small', want: MEMPAGES_SMALL },
    { name: 'large', size: 'large', want: MEMPAGES_LARGE },
    { name: 'any', size: 'any', want: MEMPAGES_ANY },
    { name: '2MB', size: '2MB', want: 2048 },
    { name: '1GB', size: '1GB', want: 1048576 },
    { name: 'bare KiB', size: '2048', want: 2048 },
  ])('hw:mem_page_size=$name alone asks for one cell with that page size', ({ size, want }) => {
    expect(requestNumaTopology(flavor({ 'hw:mem_page_size': size }))?.cells[0]?.pagesize).toBe(want);
  });

  it('image refines a large page size', () => {
    const topo = requestNumaTopology(flavor({ 'hw:mem_page_size': 'large' }), { hw_mem_page_size: '1GB' });
    expect(topo?.cells[0]?.pagesize).toBe(1048576);
  });

  it.each<{ name: string; specs: Specs; image: Specs; want: unknown }>([
    {
      name: 'image sets what the flavor leaves open',
      specs: {},
      image: { hw_cpu_policy: 'dedicated', hw_cpu_thread_policy: 'isolate' },
      want: ['dedicated', 'isolate'],
    },
    {
      name: 'flavor prefer wins over the image',
      specs: { 'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'prefer' },
      image: { hw_cpu_thread_policy: 'require' },
      want: ['dedicated', 'prefer'],
    },
    {
      name: 'flavor dedicated wins over an image shared',
      specs: { 'hw:cpu_policy': 'dedicated' },
      image: { hw_cpu_policy: 'shared' },
      want: ['dedicated', undefined],
    },
  ])('allowed: $name', ({ specs, image, want }) => {
    const topo = requestNumaTopology(flavor(specs), image);
    expect([topo?.cpu_policy, topo?.cpu_thread_policy]).toEqual(want);
  });

  it.each<{ name: string; specs: Specs; image: Specs; error: RegExp }>([
    {
      name: 'image overrides hw:numa_nodes',
      specs: { 'hw:numa_nodes': '2' },
      image: { hw_numa_nodes: '1' },
      error: /ImageNUMATopologyForbidden/,
    },
    {
      name: 'image pins a shared flavor',
      specs: { 'hw:cpu_policy': 'shared' },
      image: { hw_cpu_policy: 'dedicated' },
      error: /ImageCPUPinningForbidden/,
    },
    {
      name: 'image changes a fixed thread policy',
      specs: { 'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'isolate' },
      image: { hw_cpu_thread_policy: 'require' },
      error: /ImageCPUThreadPolicyForbidden/,
    },
    {
      name: 'thread policy without pinning',
      specs: { 'hw:cpu_thread_policy': 'isolate' },
      image: {},
      error: /CPUThreadPolicyConfigInvalid/,
    },
    {
      name: 'image page size without the flavor',
      specs: {},
      image: { hw_mem_page_size: 'large' },
      error: /MemoryPageSizeForbidden/,
    },
    {
      name: 'image page size against an explicit one',
      specs: { 'hw:mem_page_size': 'small' },
      image: { hw_mem_page_size: '2MB' },
      error: /MemoryPageSizeForbidden/,
    },
    {
      name: 'bad page size',
      specs: { 'hw:mem_page_size': 'huge' },
      image: {},
      error: /Invalid memory page size/,
    },
    {
      name: 'asymmetric auto split',
      specs: { 'hw:numa_nodes': '3' },
      image: {},
      error: /ImageNUMATopologyAsymmetric/,
    },
    {
      name: 'more nodes than vCPUs',
      specs: { 'hw:numa_nodes': '5' },
      image: {},
      error: /InvalidNUMANodesNumber/,
    },
    {
      name: 'numa_mem missing for a cell',
      specs: {
        'hw:numa_nodes': '2',
        'hw:numa_cpus.0': '0-1',
        'hw:numa_cpus.1': '2-3',
        'hw:numa_mem.0': '1024',
      },
      image: {},
      error: /ImageNUMATopologyIncomplete/,
    },
    {
      name: 'numa_cpus beyond vCPUs',
      specs: {
        'hw:numa_nodes': '2',
        'hw:numa_cpus.0': '0-1',
        'hw:numa_cpus.1': '2-4',
        'hw:numa_mem.0': '1024',
        'hw:numa_mem.1': '1024',
      },
      image: {},
      error: /ImageNUMATopologyCPUOutOfRange/,
    },
    {
      name: 'numa_cpus duplicated',
      specs: {
        'hw:numa_nodes': '2',
        'hw:numa_cpus.0': '0-2',
        'hw:numa_cpus.1': '2-3',
        'hw:numa_mem.0': '1024',
        'hw:numa_mem.1': '1024',
      },
      image: {},
      error: /ImageNUMATopologyCPUDuplicates/,
    },
    {
      name: 'numa_cpus leave one out',
      specs: {
        'hw:numa_nodes': '2',
        'hw:numa_cpus.0': '0',
        'hw:numa_cpus.1': '2-3',
        'hw:numa_mem.0': '1024',
        'hw:numa_mem.1': '1024',
      },
      image: {},
      error: /ImageNUMATopologyCPUsUnassigned/,
    },
    {
      name: 'numa_mem does not sum up',
      specs: {
        'hw:numa_nodes': '2',
        'hw:numa_cpus.0': '0-1',
        'hw:numa_cpus.1': '2-3',
        'hw:numa_mem.0': '1024',
        'hw:numa_mem.1': '512',
      },
      image: {},
      error: /ImageNUMATopologyMemoryOutOfRange/,
    },
    {
      name: 'mixed without a mask',
      specs: { 'hw:cpu_policy': 'mixed' },
      image: {},
      error: /RequiredMixedInstancePolicy/,
    },
    {
      name: 'mixed with every vCPU dedicated',
      specs: { 'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '0-3' },
      image: {},
      error: /MixedInstanceNotEnoughDedicatedCPUs/,
    },
  ])('rejected: $name', ({ specs, image, error }) => {
    expect(() => requestNumaTopology(flavor(specs), image)).toThrow(error);
  });
});
