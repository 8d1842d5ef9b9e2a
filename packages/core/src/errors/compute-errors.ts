/** Errors of the compute domain (instances, flavors, images, builds). */
import { Conflict, NotFound } from './common-errors.js';
import { NovaError } from './nova-error.js';

export class InstanceNotFound extends NotFound {
  override readonly code = 'compute.instance.not_found';
  constructor(uuid: string) {
    super(`Instance ${uuid} could not be found.`);
  }
}

export class FlavorNotFound extends NotFound {
  override readonly code = 'compute.flavor.not_found';
  constructor(flavorId: string) {
    super(`Flavor ${flavorId} could not be found.`);
  }
}

export class ImageNotFound extends NotFound {
  override readonly code = 'compute.image.not_found';
  constructor(imageId: string) {
    super(`Image ${imageId} could not be found.`);
  }
}

export class ComputeHostNotFound extends NotFound {
  override readonly code = 'compute.host.not_found';
  constructor(host: string) {
    super(`Compute host ${host} could not be found.`);
  }
}

/** Nova's InstanceInvalidState: the action is not allowed from the current state (409). */
export class InstanceInvalidState extends Conflict {
  override readonly code = 'compute.instance.invalid_state';
  constructor(action: string, uuid: string, attr: string, state: string | null) {
    super(`Cannot '${action}' instance ${uuid} while it is in ${attr} ${state}`);
  }
}

/** Nova's BuildAbortException/RescheduledException carry why a spawn failed on a host. */
export class BuildFailed extends NovaError {
  readonly code = 'compute.build.failed';
  readonly status = 500 as const;
}

/**
 * The virt driver cannot do this action (Nova's NotImplementedError from a
 * driver, turned into a 409 by the API as Nova does for actions a hypervisor
 * lacks). `action` is the capability flag that is false.
 */
export class VirtDriverActionUnsupported extends Conflict {
  override readonly code = 'compute.driver.action_unsupported';
  constructor(
    readonly action: string,
    readonly driver: string,
  ) {
    super(`The ${driver} virt driver does not support ${action.replace(/^supports_/, '')}.`);
  }
}

/**
 * The hypervisor refused or failed an operation (a failed vSphere task, a
 * XenAPI error, an injected fake fault). The message names the hypervisor's
 * own error so that the instance fault tells the operator what went wrong.
 */
export class HypervisorOperationFailed extends NovaError {
  readonly code = 'compute.driver.hypervisor_error';
  readonly status = 500 as const;
  constructor(
    message: string,
    /** The hypervisor's own error name (`InvalidPowerState`, `VM_BAD_POWER_STATE`, ...). */
    readonly hypervisorError: string,
  ) {
    super(message);
  }
}

/** Nova's HypervisorUnavailable: the driver cannot reach its hypervisor (at start or later). */
export class HypervisorUnavailable extends NovaError {
  readonly code = 'compute.driver.hypervisor_unavailable';
  readonly status = 503 as const;
  constructor(host: string, reason: string) {
    super(`Connection to the hypervisor is broken on host ${host}: ${reason}`);
  }
}
