/**
 * Placement's error codes (`placement/errors.py`): stable strings that
 * clients match on. Do not change or reuse a code.
 */
import { NovaError, type NovaErrorStatus } from './nova-error.js';

export const PlacementErrorCode = {
  DEFAULT: 'placement.undefined_code',
  INVENTORY_INUSE: 'placement.inventory.inuse',
  CONCURRENT_UPDATE: 'placement.concurrent_update',
  DUPLICATE_NAME: 'placement.duplicate_name',
  PROVIDER_IN_USE: 'placement.resource_provider.inuse',
  PROVIDER_CANNOT_DELETE_PARENT: 'placement.resource_provider.cannot_delete_parent',
  RESOURCE_PROVIDER_NOT_FOUND: 'placement.resource_provider.not_found',
  ILLEGAL_DUPLICATE_QUERYPARAM: 'placement.query.duplicate_key',
  QUERYPARAM_BAD_VALUE: 'placement.query.bad_value',
  QUERYPARAM_MISSING_VALUE: 'placement.query.missing_value',
} as const;

/** Any Placement API error; `placementCode` goes into the `code` of the error body. */
export class PlacementError extends NovaError {
  readonly code: string;
  constructor(
    readonly status: NovaErrorStatus,
    message: string,
    placementCode: string = PlacementErrorCode.DEFAULT,
  ) {
    super(message);
    this.code = placementCode;
  }
}

/** A generation mismatch on a provider or consumer: the caller must re-read and retry. */
export class ConcurrentUpdateDetected extends PlacementError {
  constructor(message = 'resource provider generation conflict') {
    super(409, message, PlacementErrorCode.CONCURRENT_UPDATE);
  }
}

/** A claim that does not fit (capacity, min_unit, max_unit or step_size). */
export class InvalidAllocationCapacityExceeded extends PlacementError {
  constructor(message: string) {
    super(409, message, PlacementErrorCode.DEFAULT);
  }
}

/**
 * Placement could not be reached, so nothing was done (Nova's
 * PlacementAPIConnectFailure): what a refused connection is over HTTP, and
 * what an in-process requester answers once the placement service stopped.
 */
export class PlacementUnreachable extends NovaError {
  readonly code = 'nova.placement_unreachable';
  readonly status = 503 as const;
}
