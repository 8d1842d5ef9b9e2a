/**
 * compute_status_filter: always forbids `COMPUTE_STATUS_DISABLED` on the
 * root provider, so placement itself drops disabled computes (the compute
 * service sets the trait when it is disabled); ComputeFilter stays as a backstop.
 */
import { addUnique, type PlacementQuery, type RequestFilter } from './placement-query.js';

export const COMPUTE_STATUS_DISABLED = 'COMPUTE_STATUS_DISABLED';

export const computeStatusFilter: RequestFilter = {
  name: 'compute_status_filter',
  apply: (_spec, query): PlacementQuery => ({
    ...query,
    root_forbidden: addUnique(query.root_forbidden, [COMPUTE_STATUS_DISABLED]),
  }),
};
