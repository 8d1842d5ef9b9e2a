/**
 * RAMWeigher: weighs hosts by free RAM (Nova's `weights/ram.py`). With the
 * default positive `ram_weight_multiplier` the most free RAM wins, which
 * spreads instances; a negative multiplier stacks them onto the fullest host.
 * The aggregate key `ram_weight_multiplier` overrides the option per host.
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

export function createRamWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.ram_weight_multiplier;
  return {
    name: WeigherName.RAM,
    baseMultiplier: multiplier,
    minval: 0,
    weigh: (host) => host.free_ram_mb,
    multiplier: (host) => weightMultiplier(host, 'ram_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
