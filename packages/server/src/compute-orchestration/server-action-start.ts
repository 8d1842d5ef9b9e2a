/**
 * The API side of every server action (Nova's `compute/api.py` checks plus
 * `_record_action_start`): the instance is checked against core's
 * transition table, the host's driver must have the capability the action
 * needs (409 VirtDriverActionUnsupported), the action's task_state is set
 * with a guarded update (two racing requests cannot both start) and the
 * instance action is recorded under the request id.
 */
import type {
  CellDatabase,
  Instance,
  InstanceAction,
  InstanceUpdate,
  RequestContext,
  VirtDriverAction,
} from '@novats/core';
import {
  assertTransition,
  InstanceNotReady,
  isUnexpectedTaskState,
  startChange,
  transitionRule,
  VirtDriverActionUnsupported,
} from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { type FoundServer, getServer } from './server-query.js';

export interface StartedAction {
  /** The instance as the guarded update left it (with the action's task_state). */
  readonly instance: Instance;
  /** The instance before the action. */
  readonly before: Instance;
  readonly host: string | null;
  readonly cell: CellDatabase;
  readonly cellUuid: string;
}

export interface StartOptions {
  /** The driver capability the action needs (checked on the instance's host). */
  readonly capability?: VirtDriverAction;
  /** Fields written together with the task_state. */
  readonly values?: InstanceUpdate;
  /** The name recorded in os-instance-actions; default the table's action name. */
  readonly record?: string;
  /** The server, when the caller already looked it up. */
  readonly found?: FoundServer;
}

const CAPABILITY_TTL_MS = 60_000;
const capabilityCache = new Map<string, { at: number; caps: Record<string, boolean> }>();

/** Rejects with VirtDriverActionUnsupported when the host's driver lacks `capability`. */
export async function requireCapability(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  host: string,
  capability: VirtDriverAction,
): Promise<void> {
  const now = deps.clock.now();
  let entry = capabilityCache.get(host);
  if (!entry || now - entry.at > CAPABILITY_TTL_MS) {
    const caps = (await deps.compute.driverCapabilities(ctx, host)) as unknown as Record<string, boolean>;
    entry = { at: now, caps };
    capabilityCache.set(host, entry);
  }
  if (entry.caps[capability] !== true) throw new VirtDriverActionUnsupported(capability, host);
}

/** The instance's cell, or 409 InstanceNotReady while it is only a build request. */
export async function cellOf(
  deps: ComputeApiDeps,
  found: FoundServer,
): Promise<{ cell: CellDatabase; cellUuid: string }> {
  if (found.cell_uuid === null) throw new InstanceNotReady(found.instance.uuid);
  return { cell: await deps.cells.get(found.cell_uuid), cellUuid: found.cell_uuid };
}

/** Records an instance action (Nova's `InstanceAction.action_start`). */
export function recordAction(
  cell: CellDatabase,
  ctx: RequestContext,
  instance: Instance,
  action: string,
  at: number,
) {
  return cell.instanceActions.start({
    action,
    instance_uuid: instance.uuid,
    request_id: ctx.request_id,
    user_id: ctx.user_id ?? null,
    project_id: ctx.project_id ?? null,
    start_time: new Date(at).toISOString(),
  });
}

/** Checks and starts `action` on a server; see the module comment. */
export async function startAction(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  action: InstanceAction,
  opts: StartOptions = {},
): Promise<StartedAction> {
  const found = opts.found ?? (await getServer(deps, ctx, uuid));
  const options = { isAdmin: ctx.is_admin };
  assertTransition(found.instance, action, options);
  const { cell, cellUuid } = await cellOf(deps, found);
  const host = found.instance.host;
  if (opts.capability) {
    if (!host) throw new InstanceNotReady(uuid);
    await requireCapability(deps, ctx, host, opts.capability);
  }
  const rule = transitionRule(action);
  let instance = found.instance;
  if (rule.task_state !== null || opts.values) {
    const change = startChange(action);
    const values =
      rule.task_state !== null ? { ...opts.values, ...change.values, progress: 0 } : { ...opts.values };
    try {
      instance = await cell.instances.update(uuid, values, change.expected);
    } catch (err) {
      if (!isUnexpectedTaskState(err)) throw err;
      // NOTE(race): the row moved on since we read it; report it as Nova does, from its new state.
      const now = await cell.instances.get(uuid);
      if (now) assertTransition(now, action, options);
      throw err;
    }
  }
  if (instance !== found.instance) await deps.instanceUpdates?.saved(ctx, found.instance, instance);
  await recordAction(cell, ctx, instance, opts.record ?? rule.action, deps.clock.now());
  return { instance, before: found.instance, host, cell, cellUuid };
}
