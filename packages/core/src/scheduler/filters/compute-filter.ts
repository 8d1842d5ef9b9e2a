/**
 * ComputeFilter: a host passes when its nova-compute service is enabled and
 * up (Nova's `compute_filter.py`). Liveness is precomputed by the adapter, so
 * unlike Nova this filter does no servicegroup I/O.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_SERVICE_DISABLED = 'service disabled';
export const REASON_SERVICE_FORCED_DOWN = 'service forced down';
export const REASON_SERVICE_DOWN = 'service down';

const DISABLED = rejectHost(REASON_SERVICE_DISABLED);
const FORCED_DOWN = rejectHost(REASON_SERVICE_FORCED_DOWN);
const DOWN = rejectHost(REASON_SERVICE_DOWN);

export const computeFilter: HostFilter = {
  name: FilterName.COMPUTE,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses(host) {
    const service = host.service;
    if (service.disabled) return DISABLED;
    if (service.forced_down) return FORCED_DOWN;
    if (!service.is_up) return DOWN;
    return PASS;
  },
};
