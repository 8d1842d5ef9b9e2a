import { describe, expect, it } from 'vitest';
import type { Flavor } from '../../objects/flavor.js';
import { consumeFromRequest, makeHostState } from '../host-state.js';
import { MEMPAGES_LARGE, MEMPAGES_SMALL } from '../mem-page-size.js';
import { requestNumaTopology } from '../numa-request.js';
import type { HostNumaCell, InstanceNumaTopology } from '../numa-topology.js';
import { resolveSchedulerOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createNumaTopologyFilter, REASON_NO_HOST_NUMA, REASON_NUMA_NO_FIT } from './numa-topology-filter.js';

const filter = createNumaTopologyFilter(resolveSchedulerOptions());
/** Cell `id`: shared CPUs 4id..4id+3, dedicated 8+4id.., 4 GiB, no SMT unless `siblings` is given. */
const cell = (id: number, extra: Partial<HostNumaCell> = {}): HostNumaCell => ({
  id,
  cpuset: [4 * id, 4 * id + 1, 4 * id + 2, 4 * id + 3],
  pcpuset: [8 + 4 * id, 9 + 4 * id, 10 + 4 * id, 11 + 4 * id],
  pinned_cpus: [],
  siblings: [],
  memory: 4096,
  memory_usage: 0,
  cpu_usage: 0,
  ...extra,
});
const SMT0 = [
  [8, 10],
  [9, 11],
];
const shared = (cells: [number, number][]): InstanceNumaTopology => ({
  cells: cells.map(([cpus, memory_mb], id) => ({ id, cpus, memory_mb })),
  cpu_policy: 'shared',
});
const flavor = (extra_specs: Record<string, string>, vcpus = 2, memory_mb = 1024): Flavor => ({
  ...makeRequestSpec().flavor,
  vcpus,
  memory_mb,
  extra_specs,
});
const fromFlavor = (specs: Record<string, string>, vcpus?: number, memory?: number) =>
  requestNumaTopology(flavor(specs, vcpus, memory));
const pages = (used2m: number) => [
  { size_kb: 4, total: 1048576, used: 0 },
  { size_kb: 2048, total: 1024, used: used2m },
];
const noFit = { pass: false, reason: REASON_NUMA_NO_FIT };
const ok = { pass: true };

describe('NUMATopologyFilter', () => {
  it.each([
    { name: 'no request', topo: null, cells: null, want: ok },
    {
      name: 'host without NUMA',
      topo: shared([[2, 1024]]),
      cells: null,
      want: { pass: false, reason: REASON_NO_HOST_NUMA },
    },
    { name: 'one cell fits', topo: shared([[2, 1024]]), cells: [cell(0)], want: ok },
    {
      name: 'two guest cells need two host cells',
      topo: shared([
        [2, 1024],
        [2, 1024],
      ]),
      cells: [cell(0)],
      want: noFit,
    },
    {
      name: 'two on two',
      topo: shared([
        [2, 1024],
        [2, 1024],
      ]),
      cells: [cell(0), cell(1)],
      want: ok,
    },
    { name: 'memory beyond the cell', topo: shared([[1, 5000]]), cells: [cell(0)], want: noFit },
    {
      name: 'shared vCPUs within cpuset x ratio',
      topo: shared([[4, 512]]),
      cells: [cell(0, { cpu_usage: 60 })],
      want: ok,
    },
    {
      name: 'shared vCPUs beyond cpuset x ratio',
      topo: shared([[4, 512]]),
      cells: [cell(0, { cpu_usage: 62 })],
      want: noFit,
    },
    { name: 'more shared vCPUs than the cpuset', topo: shared([[5, 512]]), cells: [cell(0)], want: noFit },
    {
      name: 'shared memory overcommits by the ratio',
      topo: shared([[1, 2048]]),
      cells: [cell(0, { memory_usage: 4000 })],
      want: ok,
    },
    {
      name: 'second cell has room',
      topo: shared([[2, 2048]]),
      cells: [cell(0, { memory_usage: 5500 }), cell(1)],
      want: ok,
    },
    {
      name: 'pinned fits free pCPUs',
      topo: fromFlavor({ 'hw:cpu_policy': 'dedicated' }),
      cells: [cell(0, { pinned_cpus: [8, 9] })],
      want: ok,
    },
    {
      name: 'pinned lacks pCPUs',
      topo: fromFlavor({ 'hw:cpu_policy': 'dedicated' }),
      cells: [cell(0, { pinned_cpus: [8, 9, 10] })],
      want: noFit,
    },
    {
      name: 'pinned memory does not overcommit',
      topo: fromFlavor({ 'hw:cpu_policy': 'dedicated' }),
      cells: [cell(0, { memory_usage: 3500 })],
      want: noFit,
    },
    {
      name: 'pinned ignores the shared cpuset',
      topo: fromFlavor({ 'hw:cpu_policy': 'dedicated' }),
      cells: [cell(0, { cpuset: [] })],
      want: ok,
    },
    {
      name: 'require on an SMT host',
      topo: fromFlavor({ 'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'require' }),
      cells: [cell(0, { siblings: SMT0 })],
      want: ok,
    },
    {
      name: 'require on a host without SMT',
      topo: fromFlavor({ 'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'require' }),
      cells: [cell(0)],
      want: noFit,
    },
    {
      name: 'isolate needs whole free cores',
      topo: fromFlavor({ 'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': 'isolate' }),
      cells: [cell(0, { siblings: SMT0, pinned_cpus: [8] })],
      want: noFit,
    },
    {
      name: 'mixed: shared and dedicated on one cell',
      topo: fromFlavor({ 'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '1' }),
      cells: [cell(0, { pinned_cpus: [8, 9, 10] })],
      want: ok,
    },
    {
      name: 'mixed: no pCPU left',
      topo: fromFlavor({ 'hw:cpu_policy': 'mixed', 'hw:cpu_dedicated_mask': '1' }),
      cells: [cell(0, { pinned_cpus: [8, 9, 10, 11] })],
      want: noFit,
    },
    {
      name: 'numa_cpus split needs a big and a small cell',
      topo: fromFlavor(
        {
          'hw:numa_nodes': '2',
          'hw:numa_cpus.0': '0',
          'hw:numa_cpus.1': '1-4',
          'hw:numa_mem.0': '512',
          'hw:numa_mem.1': '512',
          'hw:cpu_policy': 'dedicated',
        },
        5,
      ),
      cells: [cell(0, { pinned_cpus: [8, 9] }), cell(1)],
      want: ok,
    },
    {
      name: 'numa_mem split larger than either cell',
      topo: fromFlavor(
        {
          'hw:numa_nodes': '2',
          'hw:numa_cpus.0': '0',
          'hw:numa_cpus.1': '1',
          'hw:numa_mem.0': '5000',
          'hw:numa_mem.1': '1000',
        },
        2,
        6000,
      ),
      cells: [cell(0), cell(1)],
      want: noFit,
    },
    {
      name: 'page size without host pages',
      topo: fromFlavor({ 'hw:mem_page_size': 'large' }),
      cells: [cell(0)],
      want: noFit,
    },
    {
      name: 'large pages free',
      topo: fromFlavor({ 'hw:mem_page_size': 'large' }),
      cells: [cell(0, { mempages: pages(512) })],
      want: ok,
    },
    {
      name: 'large pages used up',
      topo: fromFlavor({ 'hw:mem_page_size': 'large' }),
      cells: [cell(0, { mempages: pages(513) })],
      want: noFit,
    },
    {
      name: 'explicit 1GB not on the host',
      topo: fromFlavor({ 'hw:mem_page_size': '1GB' }),
      cells: [cell(0, { mempages: pages(0) })],
      want: noFit,
    },
    {
      name: 'small pages',
      topo: fromFlavor({ 'hw:mem_page_size': 'small' }),
      cells: [cell(0, { mempages: pages(1024) })],
      want: ok,
    },
  ])('$name', ({ topo, cells, want }) => {
    const host = makeHostState({ numa_topology: cells === null ? null : { cells } });
    expect(filter.hostPasses(host, makeRequestSpec({ numa_topology: topo }))).toEqual(want);
  });

  it.each([
    { name: 'prefer packs siblings', policy: 'prefer', want: [8, 10, 9, 11] },
    { name: 'isolate reserves siblings', policy: 'isolate', want: [8, 9, 10, 11] },
  ])('consuming records pinned CPUs: $name', ({ policy, want }) => {
    const spec = makeRequestSpec({
      numa_topology: fromFlavor(
        { 'hw:cpu_policy': 'dedicated', 'hw:cpu_thread_policy': policy },
        policy === 'isolate' ? 2 : 4,
      ),
    });
    const host = consumeFromRequest(
      makeHostState({ numa_topology: { cells: [cell(0, { siblings: SMT0 })] } }),
      spec,
      'a',
    );
    expect([...(host.numa_topology?.cells[0]?.pinned_cpus ?? [])].sort((a, b) => a - b)).toEqual(
      [...want].sort((a, b) => a - b),
    );
    expect(filter.hostPasses(host, spec)).toEqual(noFit);
  });

  it('a multi-instance request does not double-book pCPUs, memory or pages', () => {
    const spec = makeRequestSpec({
      numa_topology: fromFlavor({ 'hw:cpu_policy': 'dedicated', 'hw:mem_page_size': '2MB' }, 4, 1024),
    });
    let host = makeHostState({
      numa_topology: { cells: [cell(0, { mempages: pages(0) }), cell(1, { mempages: pages(0) })] },
    });
    host = consumeFromRequest(host, spec, 'a');
    host = consumeFromRequest(host, spec, 'b');
    const cells = host.numa_topology?.cells ?? [];
    expect(cells.map((c) => c.pinned_cpus)).toEqual([
      [8, 9, 10, 11],
      [12, 13, 14, 15],
    ]);
    expect(cells.map((c) => c.memory_usage)).toEqual([1024, 1024]);
    expect(cells.map((c) => c.mempages?.[1]?.used)).toEqual([512, 512]);
    expect(filter.hostPasses(host, spec)).toEqual(noFit);
  });

  it('page size constants keep their meaning on a guest cell', () => {
    expect(fromFlavor({ 'hw:mem_page_size': 'small' })?.cells[0]?.pagesize).toBe(MEMPAGES_SMALL);
    expect(fromFlavor({ 'hw:mem_page_size': 'large' })?.cells[0]?.pagesize).toBe(MEMPAGES_LARGE);
  });
});
