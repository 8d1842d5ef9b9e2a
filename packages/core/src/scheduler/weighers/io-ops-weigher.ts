/**
 * IoOpsWeigher: weighs hosts by their concurrent I/O operations (Nova's
 * `weights/io_ops.py`). The default negative `io_ops_weight_multiplier`
 * prefers lightly loaded hosts; a positive one prefers busy ones.
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

export function createIoOpsWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.io_ops_weight_multiplier;
  return {
    name: WeigherName.IO_OPS,
    baseMultiplier: multiplier,
    minval: 0,
    weigh: (host) => host.num_io_ops,
    multiplier: (host) => weightMultiplier(host, 'io_ops_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
