import { describe, expect, it } from 'vitest';
import { makeHostState } from '../host-state.js';
import { resolveSchedulerOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createMetricsFilter, REASON_METRIC_MISSING } from './metrics-filter.js';

describe('MetricsFilter', () => {
  it.each([
    { setting: [], metrics: {}, want: true },
    { setting: ['cpu.percent=-1.0'], metrics: { 'cpu.percent': 12 }, want: true },
    { setting: ['cpu.percent=-1.0', 'cpu.frequency=1'], metrics: { 'cpu.percent': 12 }, want: false },
    { setting: ['cpu.percent=-1.0'], metrics: {}, want: false },
    { setting: ['garbage'], metrics: {}, want: true },
  ])('$setting over $metrics', ({ setting, metrics, want }) => {
    const filter = createMetricsFilter(resolveSchedulerOptions({ metrics: { weight_setting: setting } }));
    expect(
      filter.hostPasses(makeHostState({ metrics: metrics as Record<string, number> }), makeRequestSpec()),
    ).toEqual(want ? { pass: true } : { pass: false, reason: REASON_METRIC_MISSING });
  });
});
