/**
 * MetricsWeigher: the sum of `ratio x value` over the metrics named in
 * `[metrics] weight_setting` (Nova's `weights/metrics.py`). A host lacking
 * one weighs `weight_of_unavailable` unless that metric's ratio or the
 * multiplier is 0.
 * NOTE(required): Nova raises ComputeHostMetricNotFound when `required` is
 * true; weighers here never throw, so such a host also weighs
 * `weight_of_unavailable` (enable MetricsFilter to drop it instead).
 */
import { weightMultiplier } from '../aggregate-metadata.js';
import { parseMetricsWeightSetting } from '../metrics-setting.js';
import { WeigherName } from '../names.js';
import type { SchedulerOptions } from '../options.js';
import type { HostWeigher } from '../weigher.js';

export function createMetricsWeigher(opts: SchedulerOptions): HostWeigher {
  const setting = parseMetricsWeightSetting(opts.metrics.weight_setting);
  const fallback = opts.metrics.weight_multiplier;
  const unavailable = opts.metrics.weight_of_unavailable;
  const multiplier = (host: Parameters<HostWeigher['multiplier']>[0]) =>
    weightMultiplier(host, 'metrics_weight_multiplier', fallback);
  return {
    name: WeigherName.METRICS,
    baseMultiplier: fallback,
    // With no metric configured every host weighs 0.
    skipFor: () => setting.length === 0,
    weigh(host) {
      let value = 0;
      for (const { name, ratio } of setting) {
        const metric = host.metrics[name];
        if (metric === undefined) {
          if (ratio * multiplier(host) !== 0) return unavailable;
          continue;
        }
        value += metric * ratio;
      }
      return value;
    },
    multiplier,
  } satisfies HostWeigher;
}
