/**
 * The two 409s of the state machine besides InstanceInvalidState: a locked
 * instance (Nova's InstanceIsLocked) and one with no host yet (Nova's
 * InstanceNotReady). NOTE(layout): they live here because errors/ belongs to
 * another owner; move them into errors/compute-errors.ts when convenient.
 */
import { Conflict } from '../errors/common-errors.js';

/** Nova's InstanceIsLocked: a non-admin acted on a locked instance. */
export class InstanceIsLocked extends Conflict {
  override readonly code = 'compute.instance.locked';
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} is locked`);
  }
}

/** Nova's InstanceNotReady: the action needs a host and the instance has none. */
export class InstanceNotReady extends Conflict {
  override readonly code = 'compute.instance.not_ready';
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} is not ready`);
  }
}
