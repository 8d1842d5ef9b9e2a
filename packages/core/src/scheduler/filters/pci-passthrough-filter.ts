/**
 * PciPassthroughFilter: a request for PCI devices, its own or through the
 * flavor's `pci_passthrough:alias` resolved against `[pci] alias`, passes
 * only on hosts whose free device pools can meet every request (Nova's
 * `pci_passthrough_filter.py`). NUMA affinity is the NUMATopologyFilter's job.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import { pciRequestsOf } from '../pci-alias.js';
import { supportsPciRequests } from '../pci-stats.js';

export const REASON_PCI_UNAVAILABLE = 'requested PCI devices unavailable';
export const REASON_PCI_ALIAS_INVALID = 'PCI alias cannot be resolved';
const UNAVAILABLE = rejectHost(REASON_PCI_UNAVAILABLE);
const ALIAS_INVALID = rejectHost(REASON_PCI_ALIAS_INVALID);

export function createPciPassthroughFilter(opts: SchedulerOptions): HostFilter {
  const aliases = opts.pci.alias;
  return {
    name: FilterName.PCI_PASSTHROUGH,
    runOnRebuild: true,
    oncePerRequest: false,
    hostPasses(host, spec) {
      if (!spec.pci_requests?.length && !spec.flavor.extra_specs['pci_passthrough:alias']) return PASS;
      const resolved = pciRequestsOf(spec, aliases);
      if ('error' in resolved) return ALIAS_INVALID;
      if (resolved.requests.length === 0) return PASS;
      if (!host.pci_stats || !supportsPciRequests(host.pci_stats, resolved.requests)) return UNAVAILABLE;
      return PASS;
    },
  };
}
