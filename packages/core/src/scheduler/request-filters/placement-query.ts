/**
 * The placement query a request turns into before GET /allocation_candidates
 * (Nova's `request_filter.py` writes these onto the RequestSpec). Request
 * filters are pure: each returns a new query and never touches the spec.
 * Aggregates and other deployment data come in through the context.
 */
import type { RequestSpec } from '../../objects/request-spec.js';
import type { HostAggregate } from '../host-state.js';
import type { SchedulerOptions } from '../options.js';

export interface PlacementQuery {
  /** `member_of`: each entry is a set of aggregate uuids, any of which satisfies it; all entries hold. */
  readonly member_of: readonly (readonly string[])[];
  /** `member_of=!in:...`: aggregates the root provider must not be in. */
  readonly forbidden_aggregates: readonly string[];
  /** `root_required`: traits the compute node root provider must have. */
  readonly root_required: readonly string[];
  /** `root_required=!TRAIT`: traits it must not have. */
  readonly root_forbidden: readonly string[];
  /** `required` traits of the unsuffixed request group. */
  readonly required_traits: readonly string[];
}

export const EMPTY_PLACEMENT_QUERY: PlacementQuery = {
  member_of: [],
  forbidden_aggregates: [],
  root_required: [],
  root_forbidden: [],
  required_traits: [],
};

/** What request filters may read besides the spec. */
export interface RequestFilterContext {
  /** Every host aggregate of the deployment (Nova queries the API database for these). */
  readonly aggregates: readonly HostAggregate[];
  readonly options: SchedulerOptions;
}

/**
 * One prefilter, named after Nova's function. Returns `query` itself when it
 * does not apply; may throw NoValidHost (Nova's RequestFilterFailed).
 */
export interface RequestFilter {
  readonly name: string;
  apply(spec: Readonly<RequestSpec>, query: PlacementQuery, ctx: RequestFilterContext): PlacementQuery;
}

/** `list` plus the items not in it yet, in order. */
export function addUnique(list: readonly string[], items: Iterable<string>): readonly string[] {
  const out = [...list];
  for (const item of items) if (!out.includes(item)) out.push(item);
  return out.length === list.length ? list : out;
}
