/**
 * Server actions of the compute API (Nova's `compute/api.py` stop, start,
 * reboot, lock, unlock). Every precondition comes from core's
 * INSTANCE_TRANSITIONS through `assertTransition`; the transient task_state
 * is set with a guarded update before the cast, so two racing requests
 * cannot both start. lock/unlock only write the row.
 */
import type { Instance, InstanceAction, RequestContext } from '@novats/core';
import {
  ANY_STATE,
  assertTransition,
  type ExpectedState,
  Forbidden,
  InstanceNotReady,
  isNovaError,
} from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { type FoundServer, getServer } from './server-query.js';

export type RebootType = 'SOFT' | 'HARD';

/** Nova's policy rule a non-admin fails when unlocking an admin's lock. */
export const UNLOCK_OVERRIDE_RULE = 'os_compute_api:os-lock-server:unlock:unlock_override';

async function cellOf(deps: ComputeApiDeps, found: FoundServer) {
  // NOTE(api): assertTransition refuses build requests first (vm_state building), except lock/unlock.
  if (found.cell_uuid === null) throw new InstanceNotReady(found.instance.uuid);
  return (await deps.cells.get(found.cell_uuid)).instances;
}

/**
 * Checks `action` against the table and moves the instance to the action's
 * task_state, guarded by the same states; a lost race answers Nova's 409.
 */
async function beginAction(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  action: InstanceAction,
): Promise<{ instance: Instance; host: string }> {
  const found = await getServer(deps, ctx, uuid);
  const options = { isAdmin: ctx.is_admin };
  const rule = assertTransition(found.instance, action, options);
  // NOTE(api): every action here is cast to the instance's host, so none may start without one.
  const host = found.instance.host;
  if (!host) throw new InstanceNotReady(uuid);
  const instances = await cellOf(deps, found);
  const expected: ExpectedState = {
    vm_state: rule.vm_states === ANY_STATE ? undefined : rule.vm_states,
    task_state: rule.task_states === ANY_STATE ? undefined : rule.task_states,
  };
  try {
    const instance = await instances.update(uuid, { task_state: rule.task_state, progress: 0 }, expected);
    return { instance, host };
  } catch (err) {
    if (!isNovaError(err) || err.code !== 'compute.instance.unexpected_state') throw err;
    // NOTE(race): the row moved on since we read it; report it as Nova does, from its new state.
    const now = await instances.get(uuid);
    if (now) assertTransition(now, action, options);
    throw err;
  }
}

/** os-stop: powering-off, then `stop_instance` on the host. */
export async function stopServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const { instance, host } = await beginAction(deps, ctx, uuid, 'stop');
  await deps.compute.stopInstance(ctx, host, instance);
}

/** os-start: powering-on, then `start_instance` on the host. */
export async function startServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const { instance, host } = await beginAction(deps, ctx, uuid, 'start');
  await deps.compute.startInstance(ctx, host, instance);
}

/** reboot: rebooting (SOFT) or rebooting_hard (HARD), then `reboot_instance` on the host. */
export async function rebootServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  type: RebootType,
): Promise<void> {
  const { instance, host } = await beginAction(deps, ctx, uuid, type === 'HARD' ? 'rebootHard' : 'reboot');
  await deps.compute.rebootInstance(ctx, host, { instance, reboot_type: type });
}

/** Nova's `lock`: the owner's project locks as 'owner', anyone else (an admin) as 'admin'. */
export async function lockServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  reason: string | null,
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, 'lock', { isAdmin: ctx.is_admin });
  const instances = await cellOf(deps, found);
  await instances.update(uuid, {
    locked: true,
    locked_by: found.instance.project_id === ctx.project_id ? 'owner' : 'admin',
    locked_reason: reason,
  });
}

/**
 * Nova's `unlock`: a lock set by the other party (owner vs admin) may only be
 * lifted with the `unlock_override` policy, admin by default (403 otherwise).
 */
export async function unlockServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, 'unlock', { isAdmin: ctx.is_admin });
  const expectedBy = found.instance.project_id === ctx.project_id ? 'owner' : 'admin';
  const lockedBy = found.instance.locked_by;
  if (lockedBy && lockedBy !== expectedBy && !ctx.is_admin) {
    throw new Forbidden(`Policy doesn't allow ${UNLOCK_OVERRIDE_RULE} to be performed.`);
  }
  const instances = await cellOf(deps, found);
  await instances.update(uuid, { locked: false, locked_by: null, locked_reason: null });
}
