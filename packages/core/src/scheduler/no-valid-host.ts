/**
 * The NoValidHost that selectDestinations throws: Nova's message plus the
 * rejection roll-up, and the instances whose resources were already claimed
 * in placement so that the caller deletes those allocations (Nova deletes
 * them itself in `_ensure_sufficient_hosts`; here the I/O belongs to the caller).
 */
import { NoValidHost } from '../errors/scheduler-errors.js';
import { type Diagnosis, formatDiagnosis } from './diagnosis.js';

/** Nova's reason when fewer hosts than instances could be found. */
export const NOT_ENOUGH_HOSTS = 'There are not enough hosts available.';

export class NoValidHostWithClaims extends NoValidHost {
  constructor(
    readonly diagnosis: Diagnosis,
    /** Instance uuids claimed before the failure: their allocations must be deleted. */
    readonly claimed: readonly string[],
  ) {
    // NOTE(detail): the roll-up ("0/12 hosts: 7 ComputeFilter (service disabled)") is `detail`.
    super(NOT_ENOUGH_HOSTS, formatDiagnosis(diagnosis));
  }
}

/** The instance uuids to roll back for any error (empty unless it came from selectDestinations). */
export function claimedInstances(err: unknown): readonly string[] {
  const claimed = (err as { claimed?: unknown } | null)?.claimed;
  return Array.isArray(claimed) ? (claimed as string[]) : [];
}
