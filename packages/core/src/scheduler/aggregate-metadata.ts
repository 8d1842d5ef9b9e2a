/**
 * Per-host overrides from host aggregate metadata (Nova's
 * `get_weight_multiplier`): an aggregate key named like the option
 * overrides it for the hosts in that aggregate; with several values the
 * minimum wins, and an unparsable value falls back on the option.
 */
import type { HostState } from './host-state.js';

/** Every value of `key` across the host's aggregates. */
export function aggregateValues(host: Readonly<HostState>, key: string): string[] {
  const out: string[] = [];
  for (const aggregate of host.aggregates) {
    const values = aggregate.metadata[key];
    if (values !== undefined) out.push(...values);
  }
  return out;
}

/** The multiplier for `host`: min of the aggregate values of `key`, else `fallback`. */
export function weightMultiplier(host: Readonly<HostState>, key: string, fallback: number): number {
  if (host.aggregates.length === 0) return fallback;
  let best = Number.POSITIVE_INFINITY;
  for (const aggregate of host.aggregates) {
    const values = aggregate.metadata[key];
    if (values === undefined) continue;
    for (const raw of values) {
      const value = Number(raw);
      // NOTE(nova): one bad value makes Nova log and use the option for the host.
      if (raw.trim() === '' || !Number.isFinite(value)) return fallback;
      if (value < best) best = value;
    }
  }
  return best === Number.POSITIVE_INFINITY ? fallback : best;
}

/**
 * Nova's `aggregate_metadata_get_by_host`: every key of every aggregate of
 * the host, each with the set of its values, comma lists split and trimmed.
 */
export function aggregateMetadataByHost(host: Readonly<HostState>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const aggregate of host.aggregates) {
    for (const key in aggregate.metadata) {
      let set = out.get(key);
      if (set === undefined) {
        set = new Set();
        out.set(key, set);
      }
      for (const raw of aggregate.metadata[key] as readonly string[]) {
        for (const part of raw.split(',')) set.add(part.trim());
      }
    }
  }
  return out;
}

/**
 * Nova's `validate_num_values` over the aggregate values of `key`: the
 * minimum as an integer, `fallback` when there is none or one does not parse.
 */
export function aggregateIntMinimum(host: Readonly<HostState>, key: string, fallback: number): number {
  const values = aggregateValues(host, key);
  if (values.length === 0) return fallback;
  let best = Number.POSITIVE_INFINITY;
  for (const raw of values) {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value)) return fallback;
    if (value < best) best = value;
  }
  return best;
}
