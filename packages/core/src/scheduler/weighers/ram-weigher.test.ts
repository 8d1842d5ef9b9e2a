import { describe, expect, it } from 'vitest';
import { makeHostState } from '../host-state.js';
import { resolveSchedulerOptions } from '../options.js';
import { runPipeline } from '../pipeline.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createRamWeigher } from './ram-weigher.js';

const hosts = [
  makeHostState({ host: 'small', free_ram_mb: 1024 }),
  makeHostState({ host: 'big', free_ram_mb: 4096 }),
  makeHostState({ host: 'mid', free_ram_mb: 2048 }),
];

function order(multiplier: number, input = hosts) {
  const weigher = createRamWeigher(
    resolveSchedulerOptions({ filter_scheduler: { ram_weight_multiplier: multiplier } }),
  );
  return runPipeline(input, makeRequestSpec(), [], [weigher]).weighed.map((w) => [w.host.host, w.weight]);
}

describe('RAMWeigher', () => {
  it('spreads by default: most free RAM first, normalised from minval 0', () => {
    expect(order(1.0)).toEqual([
      ['big', 1],
      ['mid', 0.5],
      ['small', 0.25],
    ]);
  });

  it('stacks with a negative multiplier', () => {
    expect(order(-1.0).map(([h]) => h)).toEqual(['small', 'mid', 'big']);
  });

  it('scales by the multiplier', () => {
    expect(order(2.0)[0]).toEqual(['big', 2]);
  });

  it('lets aggregate metadata override the multiplier per host (minimum wins)', () => {
    const withAggregate = hosts.map((h) =>
      h.host === 'small'
        ? {
            ...h,
            aggregates: [
              { id: 1, uuid: 'agg', name: 'agg', metadata: { ram_weight_multiplier: ['10', '8'] } },
            ],
          }
        : h,
    );
    expect(order(1.0, withAggregate)[0]).toEqual(['small', 2]);
  });

  it('weighs a lone host 0', () => {
    expect(order(1.0, [hosts[0]!])).toEqual([['small', 0]]);
  });
});
