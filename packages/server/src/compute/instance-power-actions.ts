/**
 * The host side of os-stop, os-start and reboot (Nova's `stop_instance`,
 * `start_instance`, `reboot_instance`): walk the action's task_state steps
 * and write its end state, both read from core's INSTANCE_TRANSITIONS, with
 * guarded updates through the conductor. A driver failure never leaves the
 * instance in a transient state: task_state is cleared and a fault recorded.
 */
import type { Clock, Instance, InstanceFault, RequestContext, TaskState, VirtDriver } from '@novats/core';
import { isNovaError, PowerState, transitionResult, transitionRule, VmState } from '@novats/core';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';

/** The rows of the transition table a compute host carries out for the power actions. */
export type PowerAction = 'stop' | 'start' | 'reboot' | 'rebootHard';

export interface PowerActionDeps {
  readonly host: string;
  readonly driver: VirtDriver;
  readonly conductor: ConductorRpcApi;
  readonly clock: Clock;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/** A guarded update that lost its race: the instance moved on (a delete, a hard reboot). */
export function isUnexpectedState(err: unknown): boolean {
  return isNovaError(err) && (err.code === 'compute.instance.unexpected_state' || err.status === 404);
}

function callDriver(driver: VirtDriver, instance: Instance, action: PowerAction): Promise<void> {
  switch (action) {
    case 'stop':
      return driver.powerOff(instance);
    case 'start':
      return driver.powerOn(instance);
    case 'reboot':
      return driver.reboot(instance, 'SOFT');
    case 'rebootHard':
      return driver.reboot(instance, 'HARD');
  }
}

/**
 * Carries out `action` on an instance the API already moved to the action's
 * task_state. Resolves quietly when the instance moved on meanwhile.
 */
export async function runPowerAction(
  deps: PowerActionDeps,
  ctx: RequestContext,
  instance: Instance,
  action: PowerAction,
): Promise<void> {
  const { conductor, driver } = deps;
  const rule = transitionRule(action);
  let current = instance;
  let expected: TaskState | null = rule.task_state;
  try {
    // NOTE(nova): the API set the first step; the host walks the rest (reboot_pending, reboot_started).
    for (const step of rule.steps) {
      if (step === expected) continue;
      current = await conductor.instanceUpdate(
        ctx,
        instance.uuid,
        { task_state: step },
        { task_state: [expected] },
      );
      expected = step;
    }
  } catch (err) {
    if (isUnexpectedState(err)) return;
    throw err;
  }
  try {
    await callDriver(driver, current, action);
  } catch (err) {
    await recordFailure(deps, ctx, current, action, expected, err);
    return;
  }
  try {
    await conductor.instanceUpdate(ctx, instance.uuid, transitionResult(action, current), {
      task_state: [expected],
    });
  } catch (err) {
    if (!isUnexpectedState(err)) throw err;
  }
}

/**
 * Nova's `reverts_task_state` + `wrap_instance_fault`: stop and start keep
 * their vm_state; a failed reboot leaves the instance active only when the
 * guest still runs, ERROR otherwise (Nova's `reboot_instance`).
 */
async function recordFailure(
  deps: PowerActionDeps,
  ctx: RequestContext,
  instance: Instance,
  action: PowerAction,
  expected: TaskState | null,
  error: unknown,
): Promise<void> {
  const { conductor, driver, host } = deps;
  const message = error instanceof Error ? error.message : String(error);
  deps.log?.(`${action} failed`, { instance: instance.uuid, host, error: message });
  const values: { task_state: null; vm_state?: VmState; power_state?: PowerState } = { task_state: null };
  if (action === 'reboot' || action === 'rebootHard') {
    const info = await driver.getInfo(instance).catch(() => null);
    values.power_state = info?.state ?? PowerState.NOSTATE;
    values.vm_state = info?.state === PowerState.RUNNING ? VmState.ACTIVE : VmState.ERROR;
  }
  try {
    await conductor.instanceUpdate(ctx, instance.uuid, values, { task_state: [expected] });
  } catch (err) {
    if (isUnexpectedState(err)) return;
    throw err;
  }
  const fault: InstanceFault = {
    instance_uuid: instance.uuid,
    code: isNovaError(error) ? error.status : 500,
    message: message.slice(0, 255),
    details: error instanceof Error ? (error.stack ?? message) : message,
    host,
    created_at: new Date(deps.clock.now()).toISOString(),
  };
  await conductor.instanceFaultCreate(ctx, fault);
}
