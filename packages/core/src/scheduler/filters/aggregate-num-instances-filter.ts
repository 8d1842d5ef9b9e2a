/**
 * AggregateNumInstancesFilter: NumInstancesFilter with the limit from the
 * aggregate key `max_instances_per_host` (minimum of several values; the
 * option when absent or unparsable) (Nova's `num_instances_filter.py`).
 */
import { aggregateIntMinimum } from '../aggregate-metadata.js';
import { type HostFilter, PASS } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import { TOO_MANY_INSTANCES } from './num-instances-filter.js';

export function createAggregateNumInstancesFilter(opts: SchedulerOptions): HostFilter {
  const fallback = opts.filter_scheduler.max_instances_per_host;
  return {
    name: FilterName.AGGREGATE_NUM_INSTANCES,
    runOnRebuild: false,
    oncePerRequest: false,
    hostPasses(host) {
      const max = aggregateIntMinimum(host, 'max_instances_per_host', fallback);
      return host.num_instances < max ? PASS : TOO_MANY_INSTANCES;
    },
  };
}
