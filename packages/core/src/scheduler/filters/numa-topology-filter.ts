/**
 * NUMATopologyFilter: a request with a guest NUMA topology (or CPU pinning)
 * passes only on hosts whose NUMA cells can hold every guest cell within
 * the allocation ratios (Nova's `numa_topology_filter.py`). A host without
 * NUMA data cannot; a request without a topology fits anywhere.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import { numaFitInstanceToHost } from '../numa-topology.js';

export const REASON_NO_HOST_NUMA = 'host has no NUMA topology';
export const REASON_NUMA_NO_FIT = 'guest NUMA topology does not fit';
const NO_HOST_NUMA = rejectHost(REASON_NO_HOST_NUMA);
const NO_FIT = rejectHost(REASON_NUMA_NO_FIT);

export const numaTopologyFilter: HostFilter = {
  name: FilterName.NUMA_TOPOLOGY,
  runOnRebuild: true,
  oncePerRequest: false,
  hostPasses(host, spec) {
    const requested = spec.numa_topology;
    if (!requested) return PASS;
    if (!host.numa_topology) return NO_HOST_NUMA;
    return numaFitInstanceToHost(host.numa_topology, requested, host) === null ? NO_FIT : PASS;
  },
};
