/**
 * Errors the cell database adapters raise beyond core's catalog. The codes
 * are stable: the compute manager matches on 'compute.instance.unexpected_state'.
 */
import { Conflict, type ExpectedState, NotFound } from '@novats/core';

/**
 * Nova's UnexpectedTaskStateError: a guarded instance update found the row in
 * another state (someone else moved it on first). HTTP 409.
 */
export class UnexpectedTaskStateError extends Conflict {
  override readonly code = 'compute.instance.unexpected_state';
  constructor(
    readonly instanceUuid: string,
    readonly expected: ExpectedState,
    readonly actual: { readonly task_state: string | null; readonly vm_state: string },
  ) {
    super(
      `Conflict updating instance ${instanceUuid}. Expected: ${JSON.stringify(expected)}. ` +
        `Actual: ${JSON.stringify(actual)}`,
    );
  }
}

/** Nova's ServiceNotFound. */
export class ServiceNotFound extends NotFound {
  override readonly code = 'compute.service.not_found';
  constructor(id: number | string) {
    super(`Service ${id} could not be found.`);
  }
}

/** Nova's ComputeHostNotFound for a node uuid (the hypervisor API's 404). */
export class ComputeNodeNotFound extends NotFound {
  override readonly code = 'compute.compute_node.not_found';
  constructor(uuid: string) {
    super(`Compute node ${uuid} could not be found.`);
  }
}
