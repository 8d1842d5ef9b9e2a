/**
 * Scheduler options, typed after nova.conf's `[filter_scheduler]` and
 * `[scheduler]` groups, parsed once at the edge and passed to factories.
 * NOTE(defaults): `enabled_filters` defaults to the part of Nova's Zed list
 * that is registered in tree (only `ComputeFilter` today), so that building
 * with the defaults never throws SchedulerHostFilterNotFound. Nova's full
 * list is `NOVA_DEFAULT_ENABLED_FILTERS`; it becomes the default as the
 * missing filters land.
 */
import { InvalidInput } from '../errors/common-errors.js';
import { ALL_WEIGHERS, FilterName } from './names.js';

export interface FilterSchedulerOptions {
  /** `enabled_filters`: filter names run in this order. */
  readonly enabled_filters: readonly string[];
  /** `weight_classes`: weigher names; `nova.scheduler.weights.all_weighers` means all registered. */
  readonly weight_classes: readonly string[];
  /** `ram_weight_multiplier` (1.0): positive spreads, negative stacks. */
  readonly ram_weight_multiplier: number;
  /** `host_subset_size` (1): the chosen host is drawn at random from this many best hosts. */
  readonly host_subset_size: number;
  /** `shuffle_best_same_weighed_hosts` (false): shuffle the hosts tied on the top weight. */
  readonly shuffle_best_same_weighed_hosts: boolean;
}

export interface SchedulerGroupOptions {
  /** `max_attempts` (3): the chosen host plus `max_attempts - 1` alternates. */
  readonly max_attempts: number;
  /** `max_placement_results` (1000): the `limit` of GET /allocation_candidates. */
  readonly max_placement_results: number;
}

export interface SchedulerOptions {
  readonly filter_scheduler: FilterSchedulerOptions;
  readonly scheduler: SchedulerGroupOptions;
}

/** Every option accepts a partial value; missing keys take the defaults. */
export interface SchedulerOptionsInput {
  readonly filter_scheduler?: Partial<FilterSchedulerOptions>;
  readonly scheduler?: Partial<SchedulerGroupOptions>;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  filter_scheduler: {
    enabled_filters: [FilterName.COMPUTE],
    weight_classes: [ALL_WEIGHERS],
    ram_weight_multiplier: 1.0,
    host_subset_size: 1,
    shuffle_best_same_weighed_hosts: false,
  },
  scheduler: { max_attempts: 3, max_placement_results: 1000 },
};

/** Merges `input` over the defaults and validates the bounds nova.conf enforces (min=1). */
export function resolveSchedulerOptions(input: SchedulerOptionsInput = {}): SchedulerOptions {
  const options: SchedulerOptions = {
    filter_scheduler: { ...DEFAULT_SCHEDULER_OPTIONS.filter_scheduler, ...input.filter_scheduler },
    scheduler: { ...DEFAULT_SCHEDULER_OPTIONS.scheduler, ...input.scheduler },
  };
  atLeastOne('filter_scheduler', 'host_subset_size', options.filter_scheduler.host_subset_size);
  atLeastOne('scheduler', 'max_attempts', options.scheduler.max_attempts);
  atLeastOne('scheduler', 'max_placement_results', options.scheduler.max_placement_results);
  if (!Number.isFinite(options.filter_scheduler.ram_weight_multiplier)) {
    throw new InvalidInput('[filter_scheduler] ram_weight_multiplier must be a number');
  }
  return options;
}

function atLeastOne(group: string, key: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidInput(`[${group}] ${key} must be an integer >= 1, got ${value}`);
  }
}
