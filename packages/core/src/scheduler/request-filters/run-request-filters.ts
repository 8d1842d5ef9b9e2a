/**
 * The prefilters in Nova's order (`request_filter.ALL_REQUEST_FILTERS`) and
 * the function that runs them: the spec plus the deployment's aggregates in,
 * the placement query out. Filters that need neutron or cyborg are the
 * server's business and are not here.
 */
import type { RequestSpec } from '../../objects/request-spec.js';
import { computeStatusFilter } from './compute-status-filter.js';
import { isolateAggregates } from './isolate-aggregates.js';
import { mapAzToPlacementAggregate } from './map-az-to-placement-aggregate.js';
import {
  EMPTY_PLACEMENT_QUERY,
  type PlacementQuery,
  type RequestFilter,
  type RequestFilterContext,
} from './placement-query.js';
import { requireImageTraits } from './require-image-traits.js';
import { requireImageTypeSupport } from './require-image-type-support.js';
import { requireTenantAggregate } from './require-tenant-aggregate.js';

export const ALL_REQUEST_FILTERS: readonly RequestFilter[] = [
  requireTenantAggregate,
  mapAzToPlacementAggregate,
  requireImageTypeSupport,
  computeStatusFilter,
  isolateAggregates,
  requireImageTraits,
];

/** Runs `filters` in order from an empty query; may throw NoValidHost. */
export function runRequestFilters(
  spec: Readonly<RequestSpec>,
  ctx: RequestFilterContext,
  filters: readonly RequestFilter[] = ALL_REQUEST_FILTERS,
): PlacementQuery {
  let query = EMPTY_PLACEMENT_QUERY;
  for (const filter of filters) query = filter.apply(spec, query, ctx);
  return query;
}
