/**
 * PCIWeigher: keeps PCI hosts free for PCI requests (Nova's `weights/pci.py`):
 * the weight is `MAX_DEVS - min(free devices, MAX_DEVS - 1)`, so hosts with
 * fewer free devices win. Non-PCI requests avoid PCI hosts, PCI requests
 * stack onto the hosts with the fewest devices left.
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import { freePciDevices } from '../pci-stats.js';
import type { HostWeigher } from '../weigher.js';

/** Beyond this many free devices hosts weigh the same: there is no scarcity. */
export const MAX_DEVS = 100;

export function createPciWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.pci_weight_multiplier;
  return {
    name: WeigherName.PCI,
    baseMultiplier: multiplier,
    weigh: (host) => MAX_DEVS - Math.min(freePciDevices(host.pci_stats), MAX_DEVS - 1),
    multiplier: (host) => weightMultiplier(host, 'pci_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
