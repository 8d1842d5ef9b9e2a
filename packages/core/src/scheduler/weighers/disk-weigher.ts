/**
 * DiskWeigher: weighs hosts by free disk (Nova's `weights/disk.py`). A
 * positive `disk_weight_multiplier` spreads, a negative one stacks; the
 * aggregate key overrides it per host.
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

export function createDiskWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.disk_weight_multiplier;
  return {
    name: WeigherName.DISK,
    baseMultiplier: multiplier,
    minval: 0,
    weigh: (host) => host.free_disk_mb,
    multiplier: (host) => weightMultiplier(host, 'disk_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
