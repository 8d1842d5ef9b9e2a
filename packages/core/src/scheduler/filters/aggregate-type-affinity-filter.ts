/**
 * AggregateTypeAffinityFilter: a host in aggregates carrying `instance_type`
 * metadata accepts only the flavors named there (comma lists allowed); a
 * host without that key accepts any flavor (Nova's `type_filter.py`).
 */
import { aggregateValues } from '../aggregate-metadata.js';
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_FLAVOR_NOT_ALLOWED = 'flavor not allowed by aggregate instance_type';
const NOT_ALLOWED = rejectHost(REASON_FLAVOR_NOT_ALLOWED);

export const aggregateTypeAffinityFilter: HostFilter = {
  name: FilterName.AGGREGATE_TYPE_AFFINITY,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses(host, spec) {
    if (host.aggregates.length === 0) return PASS;
    const values = aggregateValues(host, 'instance_type');
    if (values.length === 0) return PASS;
    const flavor = spec.flavor.name;
    for (const value of values) if (value.split(',').some((name) => name.trim() === flavor)) return PASS;
    return NOT_ALLOWED;
  },
};
