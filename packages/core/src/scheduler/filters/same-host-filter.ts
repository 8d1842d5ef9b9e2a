/**
 * SameHostFilter: with the `same_host` hint, a host passes only when it
 * runs at least one of the listed instances (Nova's `affinity_filter.py`).
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_NOT_SAME_HOST = 'runs none of the same_host instances';
const NOT_SAME = rejectHost(REASON_NOT_SAME_HOST);

export const sameHostFilter: HostFilter = {
  name: FilterName.SAME_HOST,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses(host, spec) {
    const wanted = spec.scheduler_hints.same_host;
    if (!wanted || wanted.length === 0) return PASS;
    return host.instances.some((uuid) => wanted.includes(uuid)) ? PASS : NOT_SAME;
  },
};
