/**
 * PciPassthroughFilter: a request for PCI devices passes only on hosts whose
 * free device pools can meet every request (Nova's `pci_passthrough_filter.py`).
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import { supportsPciRequests } from '../pci-stats.js';

export const REASON_PCI_UNAVAILABLE = 'requested PCI devices unavailable';
const UNAVAILABLE = rejectHost(REASON_PCI_UNAVAILABLE);

export const pciPassthroughFilter: HostFilter = {
  name: FilterName.PCI_PASSTHROUGH,
  runOnRebuild: true,
  oncePerRequest: false,
  hostPasses(host, spec) {
    const requests = spec.pci_requests;
    if (!requests || requests.length === 0) return PASS;
    if (!host.pci_stats || !supportsPciRequests(host.pci_stats, requests)) return UNAVAILABLE;
    return PASS;
  },
};
