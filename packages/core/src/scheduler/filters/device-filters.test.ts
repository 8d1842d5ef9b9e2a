import { describe, expect, it } from 'vitest';
import type { RequestNumaTopology, RequestPciRequest } from '../../objects/request-spec.js';
import { consumeFromRequest, makeHostState } from '../host-state.js';
import { type HostNumaCell, requestNumaTopology } from '../numa-topology.js';
import type { PciDevicePool } from '../pci-stats.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { numaTopologyFilter, REASON_NO_HOST_NUMA, REASON_NUMA_NO_FIT } from './numa-topology-filter.js';
import { pciPassthroughFilter, REASON_PCI_UNAVAILABLE } from './pci-passthrough-filter.js';

const cell = (id: number, extra: Partial<HostNumaCell> = {}): HostNumaCell => ({
  id,
  cpus: 4,
  pcpus: 4,
  memory_mb: 4096,
  cpu_usage: 0,
  pinned_cpus: 0,
  memory_usage: 0,
  ...extra,
});
const guest = (cells: [number, number][], cpu_policy?: 'dedicated'): RequestNumaTopology => ({
  cells: cells.map(([cpus, memory_mb], id) => ({ id, cpus, memory_mb })),
  cpu_policy,
});
const noFit = { pass: false, reason: REASON_NUMA_NO_FIT };

describe('NUMATopologyFilter', () => {
  it.each([
    { name: 'no request', topo: null, cells: null, want: { pass: true } },
    {
      name: 'host without NUMA',
      topo: guest([[2, 1024]]),
      cells: null,
      want: { pass: false, reason: REASON_NO_HOST_NUMA },
    },
    { name: 'one cell fits', topo: guest([[2, 1024]]), cells: [cell(0)], want: { pass: true } },
    {
      name: 'two guest cells need two host cells',
      topo: guest([
        [2, 1024],
        [2, 1024],
      ]),
      cells: [cell(0)],
      want: noFit,
    },
    {
      name: 'two on two',
      topo: guest([
        [2, 1024],
        [2, 1024],
      ]),
      cells: [cell(0), cell(1)],
      want: { pass: true },
    },
    { name: 'memory beyond the cell', topo: guest([[1, 5000]]), cells: [cell(0)], want: noFit },
    {
      name: 'overcommitted vCPUs within ratio',
      topo: guest([[4, 512]]),
      cells: [cell(0, { cpu_usage: 60 })],
      want: { pass: true },
    },
    { name: 'vCPUs beyond ratio', topo: guest([[4, 512]]), cells: [cell(0, { cpu_usage: 62 })], want: noFit },
    {
      name: 'second cell has room',
      topo: guest([[2, 2048]]),
      cells: [cell(0, { memory_usage: 5500 }), cell(1)],
      want: { pass: true },
    },
    {
      name: 'pinned fits free pCPUs',
      topo: guest([[2, 512]], 'dedicated'),
      cells: [cell(0, { pinned_cpus: 2 })],
      want: { pass: true },
    },
    {
      name: 'pinned lacks pCPUs',
      topo: guest([[2, 512]], 'dedicated'),
      cells: [cell(0, { pinned_cpus: 3 })],
      want: noFit,
    },
  ])('$name', ({ topo, cells, want }) => {
    const host = makeHostState({ numa_topology: cells === null ? null : { cells } });
    expect(numaTopologyFilter.hostPasses(host, makeRequestSpec({ numa_topology: topo }))).toEqual(want);
  });

  it('consuming a request uses the chosen cell so the next one lands elsewhere', () => {
    const spec = makeRequestSpec({ numa_topology: guest([[4, 512]], 'dedicated') });
    let host = makeHostState({ numa_topology: { cells: [cell(0), cell(1)] } });
    host = consumeFromRequest(host, spec, 'a');
    host = consumeFromRequest(host, spec, 'b');
    expect(host.numa_topology?.cells.map((c) => c.pinned_cpus)).toEqual([4, 4]);
    expect(numaTopologyFilter.hostPasses(host, spec)).toEqual(noFit);
  });

  it('derives a topology from hw:numa_nodes and hw:cpu_policy', () => {
    const flavor = {
      ...makeRequestSpec().flavor,
      vcpus: 3,
      memory_mb: 1025,
      extra_specs: { 'hw:numa_nodes': '2' },
    };
    expect(requestNumaTopology(flavor)).toEqual({
      cells: [
        { id: 0, cpus: 2, memory_mb: 513 },
        { id: 1, cpus: 1, memory_mb: 512 },
      ],
      cpu_policy: 'shared',
    });
    expect(requestNumaTopology({ ...flavor, extra_specs: {} })).toBeNull();
    expect(
      requestNumaTopology({ ...flavor, extra_specs: { 'hw:cpu_policy': 'dedicated' } })?.cells,
    ).toHaveLength(1);
  });
});

describe('PciPassthroughFilter', () => {
  const pools: PciDevicePool[] = [
    { vendor_id: '8086', product_id: '1520', numa_node: 0, count: 2, tags: { physical_network: 'physnet1' } },
    { vendor_id: '10de', product_id: '1db4', numa_node: 1, count: 1, tags: {} },
  ];
  const req = (count: number, ...spec: Record<string, string>[]): RequestPciRequest => ({ count, spec });
  const no = { pass: false, reason: REASON_PCI_UNAVAILABLE };
  it.each([
    { name: 'no request', requests: [], pools, want: { pass: true } },
    { name: 'host without pools', requests: [req(1, { vendor_id: '8086' })], pools: undefined, want: no },
    {
      name: 'enough devices',
      requests: [req(2, { vendor_id: '8086', product_id: '1520' })],
      pools,
      want: { pass: true },
    },
    { name: 'too many', requests: [req(3, { vendor_id: '8086' })], pools, want: no },
    { name: 'by tag', requests: [req(1, { physical_network: 'physnet1' })], pools, want: { pass: true } },
    { name: 'wrong tag', requests: [req(1, { physical_network: 'physnet2' })], pools, want: no },
    {
      name: 'any of the specs',
      requests: [req(3, { vendor_id: '8086' }, { vendor_id: '10de' })],
      pools,
      want: { pass: true },
    },
    {
      name: 'requests share the pools',
      requests: [req(2, { vendor_id: '8086' }), req(1, { vendor_id: '8086' })],
      pools,
      want: no,
    },
    {
      name: 'wildcard product',
      requests: [req(1, { vendor_id: '10de', product_id: '*' })],
      pools,
      want: { pass: true },
    },
  ])('$name', ({ requests, pools: p, want }) => {
    const host = makeHostState({ pci_stats: p });
    expect(pciPassthroughFilter.hostPasses(host, makeRequestSpec({ pci_requests: requests }))).toEqual(want);
  });

  it('consuming a request takes the devices', () => {
    const spec = makeRequestSpec({ pci_requests: [req(2, { vendor_id: '8086' })] });
    const host = consumeFromRequest(makeHostState({ pci_stats: pools }), spec, 'a');
    expect(host.pci_stats?.map((p) => p.count)).toEqual([0, 1]);
    expect(pciPassthroughFilter.hostPasses(host, spec)).toEqual(no);
  });
});
