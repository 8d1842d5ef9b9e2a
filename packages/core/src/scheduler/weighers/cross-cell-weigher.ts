/**
 * CrossCellWeigher: on a move that may cross cells
 * (`requested_destination.allow_cross_cell_move`), hosts outside the source
 * cell weigh -1, so the source cell is preferred by the large
 * `cross_cell_move_weight_multiplier` (Nova's `weights/cross_cell.py`).
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

export function createCrossCellWeigher(opts: SchedulerOptions): HostWeigher {
  const multiplier = opts.filter_scheduler.cross_cell_move_weight_multiplier;
  return {
    name: WeigherName.CROSS_CELL,
    baseMultiplier: multiplier,
    skipFor: (spec) => !spec.requested_destination?.allow_cross_cell_move || !spec.requested_destination.cell,
    weigh(host, spec) {
      const destination = spec.requested_destination;
      if (!destination?.allow_cross_cell_move || !destination.cell) return 0;
      return host.cell_uuid === destination.cell ? 0 : -1;
    },
    multiplier: (host) => weightMultiplier(host, 'cross_cell_move_weight_multiplier', multiplier),
  } satisfies HostWeigher;
}
