/**
 * NumInstancesFilter: a host passes while it runs fewer than
 * `max_instances_per_host` instances (Nova's `num_instances_filter.py`).
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';

export const REASON_TOO_MANY_INSTANCES = 'too many instances';
export const TOO_MANY_INSTANCES = rejectHost(REASON_TOO_MANY_INSTANCES);

export function createNumInstancesFilter(opts: SchedulerOptions): HostFilter {
  const max = opts.filter_scheduler.max_instances_per_host;
  return {
    name: FilterName.NUM_INSTANCES,
    runOnRebuild: false,
    oncePerRequest: false,
    hostPasses: (host) => (host.num_instances < max ? PASS : TOO_MANY_INSTANCES),
  };
}
