import { describe, expect, it } from 'vitest';
import { NoValidHost } from '../../errors/scheduler-errors.js';
import type { ImageMeta } from '../../objects/image.js';
import type { RequestSpec } from '../../objects/request-spec.js';
import type { HostAggregate } from '../host-state.js';
import { resolveSchedulerOptions, type SchedulerGroupOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { COMPUTE_STATUS_DISABLED, computeStatusFilter } from './compute-status-filter.js';
import { isolateAggregates } from './isolate-aggregates.js';
import { mapAzToPlacementAggregate } from './map-az-to-placement-aggregate.js';
import { EMPTY_PLACEMENT_QUERY, type RequestFilter } from './placement-query.js';
import { requireImageTraits } from './require-image-traits.js';
import { requireImageTypeSupport } from './require-image-type-support.js';
import { NO_HOSTS_FOR_TENANT, requireTenantAggregate } from './require-tenant-aggregate.js';
import { runRequestFilters } from './run-request-filters.js';

const agg = (uuid: string, metadata: Record<string, string[]>): HostAggregate => ({
  id: 1,
  uuid,
  name: uuid,
  metadata,
});
const aggregates = [
  agg('t1', { filter_tenant_id: ['project'] }),
  agg('t2', { filter_tenant_id_2: ['other', 'project'] }),
  agg('t3', { filter_tenant_id: ['other'] }),
  agg('az1', { availability_zone: ['az1'] }),
  agg('gpu', { 'trait:CUSTOM_GPU': ['required'] }),
  agg('ssd', { 'trait:CUSTOM_SSD': ['required'], 'trait:CUSTOM_FAST': ['required'] }),
];
const image = (disk_format: string, properties: Record<string, string> = {}) =>
  ({ id: 'i', disk_format, properties }) as unknown as ImageMeta;
const run = (
  filter: RequestFilter,
  spec: RequestSpec,
  scheduler: Partial<SchedulerGroupOptions> = {},
  aggs = aggregates,
) =>
  filter.apply(spec, EMPTY_PLACEMENT_QUERY, {
    aggregates: aggs,
    options: resolveSchedulerOptions({ scheduler }),
  });

describe('require_tenant_aggregate', () => {
  it.each([
    { name: 'disabled', opts: {}, project: 'project', want: [] },
    {
      name: 'tenant aggregates',
      opts: { limit_tenants_to_placement_aggregate: true },
      project: 'project',
      want: [['t1', 't2']],
    },
    {
      name: 'no aggregate, not required',
      opts: { limit_tenants_to_placement_aggregate: true },
      project: 'nobody',
      want: [],
    },
  ])('$name', ({ opts, project, want }) => {
    expect(run(requireTenantAggregate, makeRequestSpec({ project_id: project }), opts).member_of).toEqual(
      want,
    );
  });

  it('fails the request when an aggregate is required and none names the tenant', () => {
    const opts = {
      limit_tenants_to_placement_aggregate: true,
      placement_aggregate_required_for_tenants: true,
    };
    expect(() => run(requireTenantAggregate, makeRequestSpec({ project_id: 'nobody' }), opts)).toThrow(
      NoValidHost,
    );
    expect(() => run(requireTenantAggregate, makeRequestSpec({ project_id: 'nobody' }), opts)).toThrow(
      NO_HOSTS_FOR_TENANT,
    );
  });
});

describe('map_az_to_placement_aggregate', () => {
  it.each([
    { name: 'no zone', az: null, opts: {}, want: [] },
    { name: 'zone aggregate', az: 'az1', opts: {}, want: [['az1']] },
    { name: 'unknown zone', az: 'az9', opts: {}, want: [] },
    { name: 'disabled', az: 'az1', opts: { query_placement_for_availability_zone: false }, want: [] },
  ])('$name', ({ az, opts, want }) => {
    expect(
      run(mapAzToPlacementAggregate, makeRequestSpec({ availability_zone: az }), opts).member_of,
    ).toEqual(want);
  });
});

describe('require_image_type_support', () => {
  const on = { query_placement_for_image_type_support: true };
  it.each([
    { name: 'disabled', spec: makeRequestSpec({ image: image('qcow2') }), opts: {}, want: [] },
    {
      name: 'qcow2',
      spec: makeRequestSpec({ image: image('qcow2') }),
      opts: on,
      want: ['COMPUTE_IMAGE_TYPE_QCOW2'],
    },
    {
      name: 'boot from volume',
      spec: makeRequestSpec({ image: image('qcow2'), is_bfv: true }),
      opts: on,
      want: [],
    },
    { name: 'unknown format', spec: makeRequestSpec({ image: image('weird') }), opts: on, want: [] },
  ])('$name', ({ spec, opts, want }) => {
    expect(run(requireImageTypeSupport, spec, opts).root_required).toEqual(want);
  });
});

describe('compute_status_filter', () => {
  it('always forbids COMPUTE_STATUS_DISABLED on the root provider, once', () => {
    const once = run(computeStatusFilter, makeRequestSpec());
    expect(once.root_forbidden).toEqual([COMPUTE_STATUS_DISABLED]);
    const ctx = { aggregates: [], options: resolveSchedulerOptions() };
    expect(computeStatusFilter.apply(makeRequestSpec(), once, ctx).root_forbidden).toEqual([
      COMPUTE_STATUS_DISABLED,
    ]);
  });
});

describe('isolate_aggregates', () => {
  const on = { enable_isolated_aggregate_filtering: true };
  const flavor = makeRequestSpec().flavor;
  it.each([
    { name: 'disabled', spec: makeRequestSpec(), opts: {}, want: [] },
    {
      name: 'plain request avoids trait aggregates',
      spec: makeRequestSpec(),
      opts: on,
      want: ['gpu', 'ssd'],
    },
    {
      name: 'flavor requiring the trait may use its aggregate',
      spec: makeRequestSpec({ flavor: { ...flavor, extra_specs: { 'trait:CUSTOM_GPU': 'required' } } }),
      opts: on,
      want: ['ssd'],
    },
    {
      name: 'image trait counts too; all of an aggregate traits are needed',
      spec: makeRequestSpec({ image: image('raw', { 'trait:CUSTOM_SSD': 'required' }) }),
      opts: on,
      want: ['gpu', 'ssd'],
    },
  ])('$name', ({ spec, opts, want }) => {
    expect(run(isolateAggregates, spec, opts).forbidden_aggregates).toEqual(want);
  });
});

describe('required image traits', () => {
  it.each([
    { props: {}, want: [] },
    {
      props: { 'trait:HW_CPU_X86_AVX2': 'required', 'trait:CUSTOM_X': 'forbidden', os_distro: 'x' },
      want: ['HW_CPU_X86_AVX2'],
    },
  ])('$props', ({ props, want }) => {
    expect(
      run(requireImageTraits, makeRequestSpec({ image: image('raw', props as Record<string, string>) }))
        .required_traits,
    ).toEqual(want);
  });
});

describe('runRequestFilters', () => {
  it('combines every prefilter in Nova order', () => {
    const spec = makeRequestSpec({
      availability_zone: 'az1',
      image: image('raw', { 'trait:CUSTOM_GPU': 'required' }),
    });
    const query = runRequestFilters(spec, {
      aggregates,
      options: resolveSchedulerOptions({
        scheduler: {
          limit_tenants_to_placement_aggregate: true,
          query_placement_for_image_type_support: true,
          enable_isolated_aggregate_filtering: true,
        },
      }),
    });
    expect(query).toEqual({
      member_of: [['t1', 't2'], ['az1']],
      forbidden_aggregates: ['ssd'],
      root_required: ['COMPUTE_IMAGE_TYPE_RAW'],
      root_forbidden: [COMPUTE_STATUS_DISABLED],
      required_traits: ['CUSTOM_GPU'],
    });
  });
});
