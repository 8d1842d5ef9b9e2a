/**
 * Values Nova derives from several options at once: the effective allocation
 * ratios (`*_allocation_ratio` unset or 0.0 falls back to `initial_*`) and
 * the scheduler options handed to core's pipeline, where only what the
 * operator wrote overrides core's own defaults.
 */
import type { SchedulerOptionsInput } from '../scheduler/options.js';
import type { NovaConfig } from './nova-config.js';

export interface AllocationRatios {
  readonly cpu: number;
  readonly ram: number;
  readonly disk: number;
}

/** Mirrors the resource tracker's ratio choice: an explicit ratio wins, else `initial_*_allocation_ratio`. */
export function allocationRatios(conf: NovaConfig): AllocationRatios {
  // NOTE(nova): 0.0 was the "unset" sentinel before Stein and still means "use the initial ratio".
  const pick = (explicit: number | null, initial: number) =>
    explicit === null || explicit === 0 ? initial : explicit;
  return {
    cpu: pick(
      conf.get('DEFAULT', 'cpu_allocation_ratio'),
      conf.get('DEFAULT', 'initial_cpu_allocation_ratio'),
    ),
    ram: pick(
      conf.get('DEFAULT', 'ram_allocation_ratio'),
      conf.get('DEFAULT', 'initial_ram_allocation_ratio'),
    ),
    disk: pick(
      conf.get('DEFAULT', 'disk_allocation_ratio'),
      conf.get('DEFAULT', 'initial_disk_allocation_ratio'),
    ),
  };
}

const FILTER_SCHEDULER_KEYS = [
  'enabled_filters',
  'weight_classes',
  'ram_weight_multiplier',
  'host_subset_size',
  'shuffle_best_same_weighed_hosts',
] as const;
const SCHEDULER_KEYS = ['max_attempts', 'max_placement_results'] as const;

/**
 * `[filter_scheduler]` and `[scheduler]` as `resolveSchedulerOptions` input.
 * NOTE(defaults): unset options are left out so that core's defaults (which
 * only name filters that exist in tree) apply rather than Nova's full list.
 */
export function schedulerOptionsFromConfig(conf: NovaConfig): SchedulerOptionsInput {
  const filterScheduler: Record<string, unknown> = {};
  for (const key of FILTER_SCHEDULER_KEYS) {
    if (conf.isSet('filter_scheduler', key)) filterScheduler[key] = conf.get('filter_scheduler', key);
  }
  const scheduler: Record<string, unknown> = {};
  for (const key of SCHEDULER_KEYS) {
    if (conf.isSet('scheduler', key)) scheduler[key] = conf.get('scheduler', key);
  }
  return { filter_scheduler: filterScheduler, scheduler } as SchedulerOptionsInput;
}
