/**
 * AggregateInstanceExtraSpecsFilter: flavor extra specs scoped
 * `aggregate_instance_extra_specs:` (and unscoped ones) must be matched by
 * a value of the same key in the host's aggregate metadata, with the extra
 * specs operators (Nova's `aggregate_instance_extra_specs.py`). A key the
 * aggregates lack rejects the host; specs in other scopes are ignored.
 */
import { aggregateMetadataByHost } from '../aggregate-metadata.js';
import { matchExtraSpec } from '../extra-specs-ops.js';
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_AGGREGATE_KEY_MISSING = 'aggregate metadata key missing';
export const REASON_AGGREGATE_VALUE_MISMATCH = 'aggregate metadata value mismatch';
const MISSING = rejectHost(REASON_AGGREGATE_KEY_MISSING);
const MISMATCH = rejectHost(REASON_AGGREGATE_VALUE_MISMATCH);
const SCOPE = 'aggregate_instance_extra_specs';

export const aggregateInstanceExtraSpecsFilter: HostFilter = {
  name: FilterName.AGGREGATE_INSTANCE_EXTRA_SPECS,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses(host, spec) {
    const extraSpecs = spec.flavor.extra_specs;
    let metadata: Map<string, Set<string>> | null = null;
    for (const fullKey in extraSpecs) {
      const colon = fullKey.indexOf(':');
      if (colon !== -1 && fullKey.slice(0, colon) !== SCOPE) continue;
      const key = colon === -1 ? fullKey : fullKey.slice(colon + 1);
      metadata ??= aggregateMetadataByHost(host);
      const values = metadata.get(key);
      if (values === undefined || values.size === 0) return MISSING;
      const requirement = extraSpecs[fullKey] as string;
      let matched = false;
      for (const value of values) {
        if (matchExtraSpec(value, requirement)) {
          matched = true;
          break;
        }
      }
      if (!matched) return MISMATCH;
    }
    return PASS;
  },
};
