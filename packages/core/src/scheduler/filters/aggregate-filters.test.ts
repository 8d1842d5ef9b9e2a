import { describe, expect, it } from 'vitest';
import type { ImageMeta } from '../../objects/image.js';
import { type HostAggregate, makeHostState } from '../host-state.js';
import { resolveSchedulerOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import {
  createAggregateImagePropertiesIsolation,
  REASON_IMAGE_PROPERTY_ISOLATED,
} from './aggregate-image-properties-isolation.js';
import {
  aggregateInstanceExtraSpecsFilter,
  REASON_AGGREGATE_KEY_MISSING,
  REASON_AGGREGATE_VALUE_MISMATCH,
} from './aggregate-instance-extra-specs-filter.js';
import {
  aggregateMultiTenancyIsolation,
  REASON_TENANT_NOT_ALLOWED,
} from './aggregate-multi-tenancy-isolation.js';
import { aggregateTypeAffinityFilter, REASON_FLAVOR_NOT_ALLOWED } from './aggregate-type-affinity-filter.js';

let nextId = 1;
const agg = (metadata: Record<string, string[]>): HostAggregate => {
  const id = nextId++;
  return { id, uuid: `agg-${id}`, name: `agg-${id}`, metadata };
};
const base = makeRequestSpec();
const withSpecs = (extra_specs: Record<string, string>, name = 'm1.tiny') =>
  makeRequestSpec({ flavor: { ...base.flavor, name, extra_specs } });
const ok = { pass: true };

describe('AggregateInstanceExtraSpecsFilter', () => {
  const missing = { pass: false, reason: REASON_AGGREGATE_KEY_MISSING };
  const mismatch = { pass: false, reason: REASON_AGGREGATE_VALUE_MISMATCH };
  it.each([
    { name: 'no extra specs', specs: {}, aggregates: [], want: ok },
    { name: 'other scopes ignored', specs: { 'hw:cpu_policy': 'dedicated' }, aggregates: [], want: ok },
    {
      name: 'scoped key matches',
      specs: { 'aggregate_instance_extra_specs:ssd': 'true' },
      aggregates: [agg({ ssd: ['true'] })],
      want: ok,
    },
    { name: 'unscoped key matches', specs: { ssd: 'true' }, aggregates: [agg({ ssd: ['true'] })], want: ok },
    {
      name: 'missing key rejects',
      specs: { ssd: 'true' },
      aggregates: [agg({ other: ['x'] })],
      want: missing,
    },
    { name: 'host without aggregates rejects', specs: { ssd: 'true' }, aggregates: [], want: missing },
    { name: 'value mismatch', specs: { ssd: 'true' }, aggregates: [agg({ ssd: ['false'] })], want: mismatch },
    {
      name: 'several values: any one matches',
      specs: { 'aggregate_instance_extra_specs:tier': 'gold' },
      aggregates: [agg({ tier: ['silver'] }), agg({ tier: ['gold,platinum'] })],
      want: ok,
    },
    {
      name: 'operators apply',
      specs: { 'aggregate_instance_extra_specs:gen': '>= 3' },
      aggregates: [agg({ gen: ['4'] })],
      want: ok,
    },
  ])('$name', ({ specs, aggregates, want }) => {
    expect(
      aggregateInstanceExtraSpecsFilter.hostPasses(
        makeHostState({ aggregates }),
        withSpecs(specs as Record<string, string>),
      ),
    ).toEqual(want);
  });
});

describe('AggregateTypeAffinityFilter', () => {
  const no = { pass: false, reason: REASON_FLAVOR_NOT_ALLOWED };
  it.each([
    { aggregates: [], flavor: 'm1.tiny', want: ok },
    { aggregates: [agg({ foo: ['x'] })], flavor: 'm1.tiny', want: ok },
    { aggregates: [agg({ instance_type: ['m1.tiny'] })], flavor: 'm1.tiny', want: ok },
    { aggregates: [agg({ instance_type: ['m1.small, m1.tiny'] })], flavor: 'm1.tiny', want: ok },
    { aggregates: [agg({ instance_type: ['m1.small'] })], flavor: 'm1.tiny', want: no },
    {
      aggregates: [agg({ instance_type: ['m1.small'] }), agg({ instance_type: ['m1.tiny'] })],
      flavor: 'm1.tiny',
      want: ok,
    },
  ])('$flavor on $aggregates', ({ aggregates, flavor, want }) => {
    expect(
      aggregateTypeAffinityFilter.hostPasses(makeHostState({ aggregates }), withSpecs({}, flavor)),
    ).toEqual(want);
  });
});

describe('AggregateMultiTenancyIsolation', () => {
  const no = { pass: false, reason: REASON_TENANT_NOT_ALLOWED };
  it.each([
    { aggregates: [], want: ok },
    { aggregates: [agg({ other: ['p2'] })], want: ok },
    { aggregates: [agg({ filter_tenant_id: ['project'] })], want: ok },
    { aggregates: [agg({ filter_tenant_id: ['p2'] })], want: no },
    { aggregates: [agg({ filter_tenant_id: ['p2,project'] })], want: ok },
    { aggregates: [agg({ filter_tenant_id: ['p2'], filter_tenant_id2: ['project'] })], want: ok },
    { aggregates: [agg({ filter_tenant_id: ['p2'] }), agg({ filter_tenant_id_x: ['p3'] })], want: no },
  ])('$aggregates', ({ aggregates, want }) => {
    expect(
      aggregateMultiTenancyIsolation.hostPasses(makeHostState({ aggregates }), makeRequestSpec()),
    ).toEqual(want);
  });
});

describe('AggregateImagePropertiesIsolation', () => {
  const no = { pass: false, reason: REASON_IMAGE_PROPERTY_ISOLATED };
  const image = (properties: Record<string, string>) => ({ id: 'i', properties }) as unknown as ImageMeta;
  it.each([
    { ns: null, aggregates: [agg({ os_distro: ['ubuntu'] })], props: { os_distro: 'ubuntu' }, want: ok },
    { ns: null, aggregates: [agg({ os_distro: ['ubuntu'] })], props: { os_distro: 'windows' }, want: no },
    {
      ns: null,
      aggregates: [agg({ os_distro: ['ubuntu,centos'] })],
      props: { os_distro: 'centos' },
      want: ok,
    },
    { ns: null, aggregates: [agg({ os_distro: ['ubuntu'] })], props: {}, want: ok },
    { ns: null, aggregates: [], props: { os_distro: 'windows' }, want: ok },
    {
      ns: 'isolate',
      aggregates: [agg({ os_distro: ['ubuntu'] })],
      props: { os_distro: 'windows' },
      want: ok,
    },
    {
      ns: 'isolate',
      aggregates: [agg({ 'isolate.os': ['ubuntu'] })],
      props: { 'isolate.os': 'windows' },
      want: no,
    },
  ])('ns=$ns props=$props', ({ ns, aggregates, props, want }) => {
    const filter = createAggregateImagePropertiesIsolation(
      resolveSchedulerOptions({ filter_scheduler: { aggregate_image_properties_isolation_namespace: ns } }),
    );
    expect(
      filter.hostPasses(
        makeHostState({ aggregates }),
        makeRequestSpec({ image: image(props as Record<string, string>) }),
      ),
    ).toEqual(want);
  });
});
