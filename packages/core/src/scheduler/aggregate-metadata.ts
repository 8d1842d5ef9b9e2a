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
