import { describe, expect, it } from 'vitest';
import type { RequestPciRequest } from '../../objects/request-spec.js';
import { consumeFromRequest, makeHostState } from '../host-state.js';
import { requestNumaTopology } from '../numa-request.js';
import type { HostNumaCell } from '../numa-topology.js';
import { resolveSchedulerOptions } from '../options.js';
import type { PciDevicePool } from '../pci-stats.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createNumaTopologyFilter, REASON_NUMA_NO_FIT } from './numa-topology-filter.js';
import {
  createPciPassthroughFilter,
  REASON_PCI_ALIAS_INVALID,
  REASON_PCI_UNAVAILABLE,
} from './pci-passthrough-filter.js';

const pools: PciDevicePool[] = [
  { vendor_id: '8086', product_id: '1520', numa_node: 0, count: 2, tags: { physical_network: 'physnet1' } },
  { vendor_id: '10de', product_id: '1db4', numa_node: 1, count: 1, tags: { dev_type: 'type-PCI' } },
];
const req = (count: number, ...spec: Record<string, string>[]): RequestPciRequest => ({ count, spec });
const no = { pass: false, reason: REASON_PCI_UNAVAILABLE };
const ok = { pass: true };
const options = resolveSchedulerOptions({
  pci: {
    alias: [
      '{"name": "gpu", "vendor_id": "10de", "product_id": "1db4", "device_type": "type-PCI", "numa_policy": "required"}',
      '{"name": "gpu-pref", "vendor_id": "10de", "product_id": "1db4", "numa_policy": "preferred"}',
      '{"name": "gpu-legacy", "vendor_id": "10de", "product_id": "1db4"}',
      '{"name": "nic", "vendor_id": "8086", "product_id": "1520"}',
    ],
  },
});
const filter = createPciPassthroughFilter(options);
const numaFilter = createNumaTopologyFilter(options);
const flavorWith = (extra_specs: Record<string, string>) => ({
  ...makeRequestSpec().flavor,
  vcpus: 2,
  extra_specs,
});

describe('PciPassthroughFilter', () => {
  it.each([
    { name: 'no request', requests: [], pools, want: ok },
    { name: 'host without pools', requests: [req(1, { vendor_id: '8086' })], pools: undefined, want: no },
    {
      name: 'enough devices',
      requests: [req(2, { vendor_id: '8086', product_id: '1520' })],
      pools,
      want: ok,
    },
    { name: 'too many', requests: [req(3, { vendor_id: '8086' })], pools, want: no },
    { name: 'by tag', requests: [req(1, { physical_network: 'physnet1' })], pools, want: ok },
    { name: 'wrong tag', requests: [req(1, { physical_network: 'physnet2' })], pools, want: no },
    {
      name: 'any of the specs',
      requests: [req(3, { vendor_id: '8086' }, { vendor_id: '10de' })],
      pools,
      want: ok,
    },
    {
      name: 'requests share the pools',
      requests: [req(2, { vendor_id: '8086' }), req(1, { vendor_id: '8086' })],
      pools,
      want: no,
    },
    { name: 'wildcard product', requests: [req(1, { vendor_id: '10de', product_id: '*' })], pools, want: ok },
  ])('$name', ({ requests, pools: p, want }) => {
    const host = makeHostState({ pci_stats: p });
    expect(filter.hostPasses(host, makeRequestSpec({ pci_requests: requests }))).toEqual(want);
  });

  it.each([
    { name: 'alias resolves', alias: 'gpu', pools, want: ok },
    { name: 'alias count beyond the pool', alias: 'gpu:2', pools, want: no },
    { name: 'two aliases', alias: 'gpu:1, nic:2', pools, want: ok },
    { name: 'alias on a host without devices', alias: 'nic', pools: undefined, want: no },
    { name: 'unknown alias', alias: 'fpga', pools, want: { pass: false, reason: REASON_PCI_ALIAS_INVALID } },
    { name: 'bad count', alias: 'gpu:0', pools, want: { pass: false, reason: REASON_PCI_ALIAS_INVALID } },
  ])('pci_passthrough:alias: $name', ({ alias, pools: p, want }) => {
    const spec = makeRequestSpec({ flavor: flavorWith({ 'pci_passthrough:alias': alias }) });
    expect(filter.hostPasses(makeHostState({ pci_stats: p }), spec)).toEqual(want);
  });

  it('consuming a request takes the devices', () => {
    const spec = makeRequestSpec({ pci_requests: [req(2, { vendor_id: '8086' })] });
    const host = consumeFromRequest(makeHostState({ pci_stats: pools }), spec, 'a');
    expect(host.pci_stats?.map((p) => p.count)).toEqual([0, 1]);
    expect(filter.hostPasses(host, spec)).toEqual(no);
  });
});

describe('PCI NUMA affinity (NUMATopologyFilter with an alias)', () => {
  const cell = (id: number, pinned: number[] = []): HostNumaCell => ({
    id,
    cpuset: [],
    pcpuset: [4 * id, 4 * id + 1, 4 * id + 2, 4 * id + 3],
    pinned_cpus: pinned,
    siblings: [],
    memory: 4096,
    memory_usage: 0,
    cpu_usage: 0,
  });
  /** The GPU sits on cell 1; cell 1 has room unless `cell1Full`. */
  const host = (cell1Full: boolean, gpuNode: number | null = 1) =>
    makeHostState({
      numa_topology: { cells: [cell(0), cell(1, cell1Full ? [4, 5, 6, 7] : [])] },
      pci_stats: [{ ...(pools[1] as PciDevicePool), numa_node: gpuNode }],
    });
  const spec = (alias: string) => {
    const flavor = flavorWith({ 'hw:cpu_policy': 'dedicated', 'pci_passthrough:alias': alias });
    return makeRequestSpec({ flavor, numa_topology: requestNumaTopology(flavor) });
  };
  const noFit = { pass: false, reason: REASON_NUMA_NO_FIT };
  it.each([
    { name: 'required, device cell has room', alias: 'gpu', cell1Full: false, node: 1, want: ok },
    { name: 'required, device cell full', alias: 'gpu', cell1Full: true, node: 1, want: noFit },
    { name: 'required, device without NUMA data', alias: 'gpu', cell1Full: false, node: null, want: noFit },
    {
      name: 'preferred falls back to a remote device',
      alias: 'gpu-pref',
      cell1Full: true,
      node: 1,
      want: ok,
    },
    { name: 'legacy, device cell full', alias: 'gpu-legacy', cell1Full: true, node: 1, want: noFit },
    { name: 'legacy, device without NUMA data', alias: 'gpu-legacy', cell1Full: true, node: null, want: ok },
  ])('$name', ({ alias, cell1Full, node, want }) => {
    expect(numaFilter.hostPasses(host(cell1Full, node), spec(alias))).toEqual(want);
  });

  it('consuming lands the guest on the device cell and takes the device', () => {
    const after = consumeFromRequest(host(false), spec('gpu'), 'a', options.pci.alias);
    expect(after.numa_topology?.cells.map((c) => c.pinned_cpus.length)).toEqual([0, 2]);
    expect(after.pci_stats?.[0]?.count).toBe(0);
  });
});
