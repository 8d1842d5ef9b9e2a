/**
 * AggregateIoOpsFilter: IoOpsFilter with the limit taken from the aggregate
 * key `max_io_ops_per_host` (the minimum when aggregates disagree), falling
 * back on the option when absent or unparsable (Nova's `io_ops_filter.py`).
 */
import { aggregateIntMinimum } from '../aggregate-metadata.js';
import { type HostFilter, PASS } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import { TOO_MANY_IO_OPS } from './io-ops-filter.js';

export function createAggregateIoOpsFilter(opts: SchedulerOptions): HostFilter {
  const fallback = opts.filter_scheduler.max_io_ops_per_host;
  return {
    name: FilterName.AGGREGATE_IO_OPS,
    runOnRebuild: false,
    oncePerRequest: false,
    hostPasses(host) {
      const max = aggregateIntMinimum(host, 'max_io_ops_per_host', fallback);
      return host.num_io_ops < max ? PASS : TOO_MANY_IO_OPS;
    },
  };
}
