/**
 * isolate_aggregates: with `[scheduler] enable_isolated_aggregate_filtering`,
 * an aggregate whose metadata marks `trait:<NAME>=required` is kept for
 * requests that require every such trait; any other request gets it as a
 * forbidden aggregate, so placement keeps it out of the candidates.
 */
import { addUnique, type PlacementQuery, type RequestFilter } from './placement-query.js';
import { allRequiredTraits } from './requested-traits.js';

export const isolateAggregates: RequestFilter = {
  name: 'isolate_aggregates',
  apply(spec, query, { aggregates, options }): PlacementQuery {
    if (!options.scheduler.enable_isolated_aggregate_filtering) return query;
    const wanted = new Set(allRequiredTraits(spec).map((t) => `trait:${t}`));
    const isolated: string[] = [];
    for (const aggregate of aggregates) {
      const keys = Object.keys(aggregate.metadata).filter(
        (k) => k.startsWith('trait:') && aggregate.metadata[k]?.includes('required'),
      );
      // NOTE(nova): `get_non_matching_by_metadata_keys`: some trait key the request does not ask for.
      if (keys.length > 0 && keys.some((k) => !wanted.has(k))) isolated.push(aggregate.uuid);
    }
    return isolated.length === 0
      ? query
      : { ...query, forbidden_aggregates: addUnique(query.forbidden_aggregates, isolated) };
  },
};
