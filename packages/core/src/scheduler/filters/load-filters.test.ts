import { describe, expect, it } from 'vitest';
import { type HostAggregate, makeHostState } from '../host-state.js';
import { resolveSchedulerOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createAggregateIoOpsFilter } from './aggregate-io-ops-filter.js';
import { createAggregateNumInstancesFilter } from './aggregate-num-instances-filter.js';
import { createIoOpsFilter, REASON_TOO_MANY_IO_OPS } from './io-ops-filter.js';
import { createNumInstancesFilter, REASON_TOO_MANY_INSTANCES } from './num-instances-filter.js';

const opts = resolveSchedulerOptions({
  filter_scheduler: { max_io_ops_per_host: 8, max_instances_per_host: 5 },
});
const agg = (key: string, ...values: string[]): HostAggregate => ({
  id: 1,
  uuid: 'a',
  name: 'a',
  metadata: { [key]: values },
});
const spec = makeRequestSpec();

describe('IoOpsFilter and AggregateIoOpsFilter', () => {
  it.each([
    { ops: 7, aggregates: [], plain: true, aggregate: true },
    { ops: 8, aggregates: [], plain: false, aggregate: false },
    { ops: 5, aggregates: [agg('max_io_ops_per_host', '5')], plain: true, aggregate: false },
    { ops: 9, aggregates: [agg('max_io_ops_per_host', '10')], plain: false, aggregate: true },
    { ops: 5, aggregates: [agg('max_io_ops_per_host', '10', '4')], plain: true, aggregate: false },
    { ops: 7, aggregates: [agg('max_io_ops_per_host', 'many')], plain: true, aggregate: true },
  ])('$ops ops with $aggregates.length aggregates', ({ ops, aggregates, plain, aggregate }) => {
    const host = makeHostState({ num_io_ops: ops, aggregates });
    const fail = { pass: false, reason: REASON_TOO_MANY_IO_OPS };
    expect(createIoOpsFilter(opts).hostPasses(host, spec)).toEqual(plain ? { pass: true } : fail);
    expect(createAggregateIoOpsFilter(opts).hostPasses(host, spec)).toEqual(
      aggregate ? { pass: true } : fail,
    );
  });
});

describe('NumInstancesFilter and AggregateNumInstancesFilter', () => {
  it.each([
    { n: 4, aggregates: [], plain: true, aggregate: true },
    { n: 5, aggregates: [], plain: false, aggregate: false },
    { n: 3, aggregates: [agg('max_instances_per_host', '3')], plain: true, aggregate: false },
    { n: 6, aggregates: [agg('max_instances_per_host', '10')], plain: false, aggregate: true },
    {
      n: 2,
      aggregates: [agg('max_instances_per_host', '10'), agg('max_instances_per_host', '2')],
      plain: true,
      aggregate: false,
    },
  ])('$n instances', ({ n, aggregates, plain, aggregate }) => {
    const host = makeHostState({ num_instances: n, aggregates });
    const fail = { pass: false, reason: REASON_TOO_MANY_INSTANCES };
    expect(createNumInstancesFilter(opts).hostPasses(host, spec)).toEqual(plain ? { pass: true } : fail);
    expect(createAggregateNumInstancesFilter(opts).hostPasses(host, spec)).toEqual(
      aggregate ? { pass: true } : fail,
    );
  });
});
