/**
 * MetricsFilter: a host passes when it reports every metric named in
 * `[metrics] weight_setting`, so that MetricsWeigher can weigh it
 * (Nova's `metrics_filter.py`).
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { parseMetricsWeightSetting } from '../metrics-setting.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';

export const REASON_METRIC_MISSING = 'metric missing';
const MISSING = rejectHost(REASON_METRIC_MISSING);

export function createMetricsFilter(opts: SchedulerOptions): HostFilter {
  const names = parseMetricsWeightSetting(opts.metrics.weight_setting).map((m) => m.name);
  return {
    name: FilterName.METRICS,
    runOnRebuild: false,
    oncePerRequest: false,
    hostPasses: (host) => (names.every((name) => host.metrics[name] !== undefined) ? PASS : MISSING),
  };
}
