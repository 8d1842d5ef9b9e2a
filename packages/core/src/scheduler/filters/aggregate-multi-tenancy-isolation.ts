/**
 * AggregateMultiTenancyIsolation: a host in aggregates whose metadata keys
 * start with `filter_tenant_id` accepts only the projects listed in those
 * values; other hosts accept every project (Nova's
 * `aggregate_multitenancy_isolation.py`).
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_TENANT_NOT_ALLOWED = 'project not allowed by aggregate filter_tenant_id';
const NOT_ALLOWED = rejectHost(REASON_TENANT_NOT_ALLOWED);
const PREFIX = 'filter_tenant_id';

export const aggregateMultiTenancyIsolation: HostFilter = {
  name: FilterName.AGGREGATE_MULTI_TENANCY_ISOLATION,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses(host, spec) {
    let restricted = false;
    for (const aggregate of host.aggregates) {
      for (const key in aggregate.metadata) {
        if (!key.startsWith(PREFIX)) continue;
        for (const raw of aggregate.metadata[key] as readonly string[]) {
          for (const tenant of raw.split(',')) {
            restricted = true;
            if (tenant.trim() === spec.project_id) return PASS;
          }
        }
      }
    }
    return restricted ? NOT_ALLOWED : PASS;
  },
};
