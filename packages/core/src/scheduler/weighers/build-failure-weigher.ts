/**
 * BuildFailureWeigher: pushes down hosts with recent consecutive build
 * failures, `-failed_builds` times the large `build_failure_weight_multiplier`
 * (Nova's `weights/compute.py`), so a broken host stops attracting builds
 * while it stays enabled. The count resets on the host's next success.
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

export function createBuildFailureWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.build_failure_weight_multiplier;
  return {
    name: WeigherName.BUILD_FAILURE,
    baseMultiplier: multiplier,
    weigh: (host) => -host.failed_builds,
    multiplier: (host) => weightMultiplier(host, 'build_failure_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
