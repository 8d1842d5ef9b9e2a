/**
 * CPUWeigher: weighs hosts by free vCPUs, `vcpus_total * cpu_allocation_ratio
 * - vcpus_used` (Nova's `weights/cpu.py`). A positive `cpu_weight_multiplier`
 * spreads, a negative one stacks; the aggregate key overrides it per host.
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

export function createCpuWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.cpu_weight_multiplier;
  return {
    name: WeigherName.CPU,
    baseMultiplier: multiplier,
    minval: 0,
    weigh: (host) => host.vcpus_total * host.cpu_allocation_ratio - host.vcpus_used,
    multiplier: (host) => weightMultiplier(host, 'cpu_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
