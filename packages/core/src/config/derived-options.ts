/**
 * Values Nova derives from several options at once: the effective allocation
 * ratios (`*_allocation_ratio` unset or 0.0 falls back to `initial_*`) and
 * the scheduler options handed to core's pipeline, where only what the
 * operator wrote overrides core's own defaults.
 */
import { DEFAULT_SCHEDULER_OPTIONS, type SchedulerOptionsInput } from '../scheduler/options.js';
import type { NovaConfig } from './nova-config.js';
import type { NovaOptions } from './nova-options.js';

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

// NOTE(one list): the options core's scheduler takes are exactly the keys of its defaults.
const FILTER_SCHEDULER_KEYS = Object.keys(DEFAULT_SCHEDULER_OPTIONS.filter_scheduler);
const SCHEDULER_KEYS = Object.keys(DEFAULT_SCHEDULER_OPTIONS.scheduler);
const METRICS_KEYS = Object.keys(DEFAULT_SCHEDULER_OPTIONS.metrics);

/**
 * `[filter_scheduler]`, `[scheduler]`, `[metrics]`, `[pci] alias` and `[DEFAULT]
 * default_availability_zone` as `resolveSchedulerOptions` input.
 * NOTE(defaults): unset options are left out so that core's defaults (Nova
 * Zed's) apply; only what the operator wrote overrides them.
 */
export function schedulerOptionsFromConfig(conf: NovaConfig): SchedulerOptionsInput {
  const pick = <G extends 'filter_scheduler' | 'scheduler' | 'metrics'>(
    group: G,
    keys: readonly string[],
  ) => {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (conf.isSet(group, key)) out[key] = conf.get(group, key as keyof NovaOptions[G] & string);
    }
    return out;
  };
  const DEFAULT: Record<string, unknown> = {};
  if (conf.isSet('DEFAULT', 'default_availability_zone')) {
    DEFAULT.default_availability_zone = conf.get('DEFAULT', 'default_availability_zone');
  }
  return {
    filter_scheduler: pick('filter_scheduler', FILTER_SCHEDULER_KEYS),
    scheduler: pick('scheduler', SCHEDULER_KEYS),
    metrics: pick('metrics', METRICS_KEYS),
    DEFAULT,
    // NOTE(validation): the JSON strings are parsed and checked by resolveSchedulerOptions.
    ...(conf.isSet('pci', 'alias') ? { pci: { alias: conf.get('pci', 'alias') } } : {}),
  } as SchedulerOptionsInput;
}
