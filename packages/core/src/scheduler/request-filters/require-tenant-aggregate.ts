/**
 * require_tenant_aggregate: with `[scheduler] limit_tenants_to_placement_aggregate`,
 * a project named in an aggregate's `filter_tenant_id*` metadata may only
 * land in those aggregates (one `member_of` entry). With
 * `placement_aggregate_required_for_tenants`, a project in no such aggregate
 * gets no host at all.
 */
import { NoValidHost } from '../../errors/scheduler-errors.js';
import type { PlacementQuery, RequestFilter } from './placement-query.js';

export const TENANT_METADATA_KEY = 'filter_tenant_id';
export const NO_HOSTS_FOR_TENANT = 'No hosts available for tenant';

export const requireTenantAggregate: RequestFilter = {
  name: 'require_tenant_aggregate',
  apply(spec, query, { aggregates, options }): PlacementQuery {
    if (!options.scheduler.limit_tenants_to_placement_aggregate) return query;
    const uuids: string[] = [];
    for (const aggregate of aggregates) {
      for (const key in aggregate.metadata) {
        if (key.startsWith(TENANT_METADATA_KEY) && aggregate.metadata[key]?.includes(spec.project_id)) {
          uuids.push(aggregate.uuid);
          break;
        }
      }
    }
    if (uuids.length > 0) return { ...query, member_of: [...query.member_of, uuids] };
    if (options.scheduler.placement_aggregate_required_for_tenants)
      throw new NoValidHost(NO_HOSTS_FOR_TENANT);
    return query;
  },
};
