/**
 * IoOpsFilter: a host passes while its concurrent I/O-heavy operations
 * (builds, resizes, snapshots...) stay below `max_io_ops_per_host`
 * (Nova's `io_ops_filter.py`).
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';

export const REASON_TOO_MANY_IO_OPS = 'too many I/O operations';
export const TOO_MANY_IO_OPS = rejectHost(REASON_TOO_MANY_IO_OPS);

export function createIoOpsFilter(opts: SchedulerOptions): HostFilter {
  const max = opts.filter_scheduler.max_io_ops_per_host;
  return {
    name: FilterName.IO_OPS,
    runOnRebuild: false,
    oncePerRequest: false,
    hostPasses: (host) => (host.num_io_ops < max ? PASS : TOO_MANY_IO_OPS),
  };
}
