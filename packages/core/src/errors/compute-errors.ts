/** Errors of the compute domain (instances, flavors, images, builds). */
import type { ExpectedState } from '../ports/cell-database.js';
import { Conflict, Forbidden, InvalidInput, NotFound } from './common-errors.js';
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

/** Nova's ComputeHostNotFound as server create (2.74 `host`/`hypervisor_hostname`) answers it: 400. */
export class RequestedHostNotFound extends InvalidInput {
  override readonly code = 'compute.host.requested_not_found';
  constructor(host: string) {
    super(`Compute host ${host} could not be found.`);
  }
}

/**
 * A live migration's pre-checks failed while the API waited for them
 * (before 2.34): Nova's NoValidHost, MigrationPreCheckError, ... that
 * os-migrateLive answers with 400. From 2.34 they fail after the 202.
 */
export class LiveMigrationPreCheckFailed extends InvalidInput {
  override readonly code = 'compute.live_migration.precheck_failed';
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
 * A build landed on a host that breaks its server group's policy (Nova's
 * GroupAffinityViolation from the compute host's late check): the scheduler
 * placed two concurrent members with a stale view. The host reschedules it.
 */
export class GroupAffinityViolation extends NovaError {
  readonly code = 'compute.instance_group.policy_violated';
  readonly status = 500 as const;
  constructor(policy: 'Anti-affinity' | 'Affinity') {
    super(`${policy} instance group policy was violated`);
  }
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

/** Nova's InstanceIsLocked: a non-admin acted on a locked instance. */
export class InstanceIsLocked extends Conflict {
  override readonly code = 'compute.instance.locked';
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} is locked`);
  }
}

/** Nova's InstanceNotRescuable (400): e.g. a volume-backed instance before 2.87. */
export class InstanceNotRescuable extends InvalidInput {
  override readonly code = 'compute.instance.not_rescuable';
  constructor(
    readonly instanceUuid: string,
    reason: string,
  ) {
    super(`Instance ${instanceUuid} cannot be rescued: ${reason}`);
  }
}

/** Nova's InstanceNotReady: the action needs a host and the instance has none. */
export class InstanceNotReady extends Conflict {
  override readonly code = 'compute.instance.not_ready';
  constructor(readonly instanceUuid: string) {
    super(`Instance ${instanceUuid} is not ready`);
  }
}

/**
 * Nova's UnexpectedTaskStateError: a guarded instance update found the row in
 * another state (someone else moved it on first). HTTP 409. Callers check
 * `isUnexpectedTaskState`, never the message.
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

/** True for an UnexpectedTaskStateError, also one that crossed the bus. */
export function isUnexpectedTaskState(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'compute.instance.unexpected_state';
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

/** Nova's MigrationNotFound / MigrationNotFoundForInstance. */
export class MigrationNotFound extends NotFound {
  override readonly code = 'compute.migration.not_found';
  constructor(id: number | string, instanceUuid?: string) {
    super(
      instanceUuid
        ? `Migration ${id} for instance ${instanceUuid} could not be found.`
        : `Migration ${id} could not be found.`,
    );
  }
}

/** Nova's InstanceActionNotFound (os-instance-actions show). */
export class InstanceActionNotFound extends NotFound {
  override readonly code = 'compute.instance_action.not_found';
  constructor(requestId: string, instanceUuid: string) {
    super(`Action ${requestId} on instance ${instanceUuid} could not be found`);
  }
}

/** Nova's ComputeServiceInUse / evacuate of a host that is still up (409). */
export class ComputeServiceInUse extends Conflict {
  override readonly code = 'compute.service.in_use';
}

/** A move (resize, migrate, evacuate, live migration) that cannot go ahead (Nova's 400/409 family). */
export class MigrationPreCheckError extends Conflict {
  override readonly code = 'compute.migration.precheck_failed';
}

/**
 * Nova's OverQuota as the API answers it: 403 with "Quota exceeded for
 * <resources>: Requested <n>, but already used <u> of <l> <resources>".
 */
export class OverQuota extends Forbidden {
  override readonly code: string = 'compute.quota.exceeded';
  constructor(
    message: string,
    readonly overs: readonly string[],
  ) {
    super(message);
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

/**
 * A cell database did not answer (Nova's failure sentinel of
 * scatter_gather). From 2.69 the API shows what the API database knows
 * instead; before, Nova answers 500 with this message, Novats 503.
 */
export class CellNotResponding extends NovaError {
  readonly code = 'nova.cell.not_responding';
  readonly status = 503 as const;
  constructor(readonly cellUuid: string) {
    super(
      `Cell ${cellUuid} is not responding or returned an exception, hence instance info is not available.`,
    );
  }
}

/** Nova's TaskAlreadyRunning: a host began a periodic task's period twice (task_log's unique key). */
export class TaskAlreadyRunning extends Conflict {
  override readonly code = 'compute.task_log.already_running';
  constructor(taskName: string, host: string) {
    super(`Task ${taskName} is already running on host ${host}`);
  }
}

/** Nova's TaskNotRunning: a host ended a periodic task's period it never began. */
export class TaskNotRunning extends NotFound {
  override readonly code = 'compute.task_log.not_running';
  constructor(taskName: string, host: string) {
    super(`Task ${taskName} is not running on host ${host}`);
  }
}
