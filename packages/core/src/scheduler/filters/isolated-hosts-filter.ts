/**
 * IsolatedHostsFilter: `isolated_images` run only on `isolated_hosts`, and,
 * with `restrict_isolated_hosts_to_isolated_images` (default), isolated
 * hosts run only isolated images (Nova's `isolated_hosts_filter.py`). A
 * volume-backed request has no image id and counts as not isolated.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';
import type { SchedulerOptions } from '../options.js';

export const REASON_ISOLATION = 'image and host isolation differ';
const MISMATCH = rejectHost(REASON_ISOLATION);

export function createIsolatedHostsFilter(opts: SchedulerOptions): HostFilter {
  const hosts = new Set(opts.filter_scheduler.isolated_hosts);
  const images = new Set(opts.filter_scheduler.isolated_images);
  const restrict = opts.filter_scheduler.restrict_isolated_hosts_to_isolated_images;
  return {
    name: FilterName.ISOLATED_HOSTS,
    runOnRebuild: true,
    oncePerRequest: true,
    hostPasses(host, spec) {
      const hostIsolated = hosts.has(host.host);
      if (images.size === 0) return !restrict || !hostIsolated ? PASS : MISMATCH;
      const imageId = spec.image?.id;
      const imageIsolated = imageId !== undefined && images.has(imageId);
      if (restrict) return imageIsolated === hostIsolated ? PASS : MISMATCH;
      return !imageIsolated || hostIsolated ? PASS : MISMATCH;
    },
  };
}
