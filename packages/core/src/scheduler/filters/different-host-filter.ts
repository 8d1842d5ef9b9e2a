/**
 * DifferentHostFilter: with the `different_host` hint, a host passes only
 * when it runs none of the listed instances (Nova's `affinity_filter.py`).
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_NOT_DIFFERENT_HOST = 'runs a different_host instance';
const SAME = rejectHost(REASON_NOT_DIFFERENT_HOST);

export const differentHostFilter: HostFilter = {
  name: FilterName.DIFFERENT_HOST,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses(host, spec) {
    const avoided = spec.scheduler_hints.different_host;
    if (!avoided || avoided.length === 0) return PASS;
    return host.instances.some((uuid) => avoided.includes(uuid)) ? SAME : PASS;
  },
};
