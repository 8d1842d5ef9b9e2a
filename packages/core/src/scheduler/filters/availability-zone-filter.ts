/**
 * AvailabilityZoneFilter: a host passes when the requested zone is one of
 * its aggregates' `availability_zone` values, or, for a host in no zone
 * aggregate, when the request asks for `[DEFAULT] default_availability_zone`
 * (Nova's `availability_zone_filter.py`). No requested zone passes everything.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';

export const REASON_AVAILABILITY_ZONE = 'availability zone mismatch';
const MISMATCH = rejectHost(REASON_AVAILABILITY_ZONE);
const AZ_KEY = 'availability_zone';

export function createAvailabilityZoneFilter(opts: SchedulerOptions): HostFilter {
  const defaultZone = opts.DEFAULT.default_availability_zone;
  return {
    name: FilterName.AVAILABILITY_ZONE,
    runOnRebuild: false,
    oncePerRequest: true,
    hostPasses(host, spec) {
      const wanted = spec.availability_zone;
      if (!wanted) return PASS;
      let inZone = false;
      for (const aggregate of host.aggregates) {
        const values = aggregate.metadata[AZ_KEY];
        if (values === undefined) continue;
        inZone = true;
        for (const value of values) if (value.split(',').some((v) => v.trim() === wanted)) return PASS;
      }
      if (inZone) return MISMATCH;
      return wanted === defaultZone ? PASS : MISMATCH;
    },
  };
}
