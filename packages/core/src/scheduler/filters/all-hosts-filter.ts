/**
 * AllHostsFilter: a no-op filter that passes every host (Nova's
 * `all_hosts_filter.py`), for deployments that rely on placement alone.
 */
import { type HostFilter, PASS } from '../filter.js';
import { FilterName } from '../names.js';

export const allHostsFilter: HostFilter = {
  name: FilterName.ALL_HOSTS,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses: () => PASS,
};
