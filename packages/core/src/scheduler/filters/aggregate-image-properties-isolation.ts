/**
 * AggregateImagePropertiesIsolation: for each aggregate metadata key that
 * the image also sets as a property, the image's value must be one of the
 * aggregate's values (Nova's `aggregate_image_properties_isolation.py`).
 * With `aggregate_image_properties_isolation_namespace`, only keys starting
 * with namespace + separator count. An image without the property passes.
 */
import { aggregateMetadataByHost } from '../aggregate-metadata.js';
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';

export const REASON_IMAGE_PROPERTY_ISOLATED = 'image property not allowed by aggregate';
const ISOLATED = rejectHost(REASON_IMAGE_PROPERTY_ISOLATED);

export function createAggregateImagePropertiesIsolation(opts: SchedulerOptions): HostFilter {
  const namespace = opts.filter_scheduler.aggregate_image_properties_isolation_namespace;
  const prefix = namespace
    ? namespace + opts.filter_scheduler.aggregate_image_properties_isolation_separator
    : null;
  return {
    name: FilterName.AGGREGATE_IMAGE_PROPERTIES_ISOLATION,
    runOnRebuild: true,
    oncePerRequest: true,
    hostPasses(host, spec) {
      if (host.aggregates.length === 0) return PASS;
      const props = spec.image?.properties ?? {};
      for (const [key, allowed] of aggregateMetadataByHost(host)) {
        if (prefix !== null && !key.startsWith(prefix)) continue;
        const prop = props[key];
        if (prop && !allowed.has(String(prop))) return ISOLATED;
      }
      return PASS;
    },
  };
}
