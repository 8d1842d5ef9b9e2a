import { describe, expect, it } from 'vitest';
import { type HostAggregate, makeHostState } from '../host-state.js';
import { resolveSchedulerOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createAvailabilityZoneFilter, REASON_AVAILABILITY_ZONE } from './availability-zone-filter.js';

const agg = (metadata: Record<string, string[]>): HostAggregate => ({
  id: 1,
  uuid: 'a',
  name: 'a',
  metadata,
});
const filter = createAvailabilityZoneFilter(resolveSchedulerOptions());
const fail = { pass: false, reason: REASON_AVAILABILITY_ZONE };

describe('AvailabilityZoneFilter', () => {
  it.each([
    {
      name: 'no zone requested',
      az: null,
      aggregates: [agg({ availability_zone: ['az1'] })],
      want: { pass: true },
    },
    {
      name: 'zone matches',
      az: 'az1',
      aggregates: [agg({ availability_zone: ['az1'] })],
      want: { pass: true },
    },
    { name: 'zone differs', az: 'az2', aggregates: [agg({ availability_zone: ['az1'] })], want: fail },
    {
      name: 'one of several aggregate values',
      az: 'az2',
      aggregates: [agg({ availability_zone: ['az1'] }), agg({ availability_zone: ['az2'] })],
      want: { pass: true },
    },
    { name: 'host in no zone, default requested', az: 'nova', aggregates: [], want: { pass: true } },
    { name: 'host in no zone, other requested', az: 'az1', aggregates: [agg({ foo: ['x'] })], want: fail },
    {
      name: 'host in a zone, default requested',
      az: 'nova',
      aggregates: [agg({ availability_zone: ['az1'] })],
      want: fail,
    },
  ])('$name', ({ az, aggregates, want }) => {
    expect(
      filter.hostPasses(makeHostState({ aggregates }), makeRequestSpec({ availability_zone: az })),
    ).toEqual(want);
  });

  it('honours default_availability_zone', () => {
    const custom = createAvailabilityZoneFilter(
      resolveSchedulerOptions({ DEFAULT: { default_availability_zone: 'zone0' } }),
    );
    expect(custom.hostPasses(makeHostState(), makeRequestSpec({ availability_zone: 'zone0' }))).toEqual({
      pass: true,
    });
  });
});
