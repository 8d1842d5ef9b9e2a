/**
 * NUMATopologyFilter: a request with a guest NUMA topology (or CPU pinning,
 * or a page size) passes only on hosts whose NUMA cells can hold every guest
 * cell, pinned vCPUs and page size included, with its PCI devices NUMA-affine
 * as their alias's `numa_policy` demands (Nova's `numa_topology_filter.py`).
 * A host without NUMA data cannot; a request without a topology fits anywhere.
 */

import type { RequestSpec } from '../../objects/request-spec.js';
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import type { HostState } from '../host-state.js';
import { FilterName } from '../names.js';
import { type NumaPciContext, numaFitInstanceToHost } from '../numa-topology.js';
import type { SchedulerOptions } from '../options.js';
import { type PciAlias, pciRequestsOf } from '../pci-alias.js';

export const REASON_NO_HOST_NUMA = 'host has no NUMA topology';
export const REASON_NUMA_NO_FIT = 'guest NUMA topology does not fit';
const NO_HOST_NUMA = rejectHost(REASON_NO_HOST_NUMA);
const NO_FIT = rejectHost(REASON_NUMA_NO_FIT);

/** The PCI requests whose affinity the NUMA fit must honour; null when there are none. */
export function numaPciContext(
  host: Readonly<HostState>,
  spec: Readonly<RequestSpec>,
  aliases: readonly PciAlias[],
): NumaPciContext | null {
  if (!host.pci_stats) return null;
  if (!spec.pci_requests?.length && !spec.flavor.extra_specs['pci_passthrough:alias']) return null;
  const resolved = pciRequestsOf(spec, aliases);
  // NOTE(split): an unresolvable alias is the PciPassthroughFilter's verdict, not ours.
  return 'error' in resolved ? null : { pools: host.pci_stats, requests: resolved.requests };
}

export function createNumaTopologyFilter(opts: SchedulerOptions): HostFilter {
  const aliases = opts.pci.alias;
  return {
    name: FilterName.NUMA_TOPOLOGY,
    runOnRebuild: true,
    oncePerRequest: false,
    hostPasses(host, spec) {
      const requested = spec.numa_topology;
      if (!requested) return PASS;
      if (!host.numa_topology) return NO_HOST_NUMA;
      const pci = numaPciContext(host, spec, aliases);
      return numaFitInstanceToHost(host.numa_topology, requested, host, pci) === null ? NO_FIT : PASS;
    },
  };
}
