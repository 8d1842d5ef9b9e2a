/**
 * map_az_to_placement_aggregate: with `[scheduler]
 * query_placement_for_availability_zone`, a requested availability zone
 * becomes a `member_of` entry over the aggregates whose `availability_zone`
 * metadata names it, so placement returns only hosts of that zone.
 */
import type { PlacementQuery, RequestFilter } from './placement-query.js';

export const mapAzToPlacementAggregate: RequestFilter = {
  name: 'map_az_to_placement_aggregate',
  apply(spec, query, { aggregates, options }): PlacementQuery {
    const zone = spec.availability_zone;
    if (!options.scheduler.query_placement_for_availability_zone || !zone) return query;
    const uuids = aggregates.filter((a) => a.metadata.availability_zone?.includes(zone)).map((a) => a.uuid);
    return uuids.length === 0 ? query : { ...query, member_of: [...query.member_of, uuids] };
  },
};
