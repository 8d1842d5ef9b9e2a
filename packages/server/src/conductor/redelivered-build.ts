/**
 * A build request handed out again after its conductor died (the bus saw it
 * taken but never settled). Instances whose build request is still there were
 * not placed: they are built again, and the scheduler moves any claim left
 * behind. The others were written into a cell; one still waiting for its
 * host there may never have been handed to it, so it is handed again (a host
 * that already took it ignores the second build, whose expected task_state no
 * longer matches).
 */
import type { RequestContext } from '@novats/core';
import { TaskState, VmState } from '@novats/core';
import type { ScheduleAndBuildArgs } from '../rpc/conductor-rpcapi.js';
import type { ConductorDeps } from './conductor-manager.js';

/** Hands again what needs it; returns the request narrowed to the instances still to build. */
export async function resumeRedeliveredBuild(
  deps: ConductorDeps,
  ctx: RequestContext,
  args: ScheduleAndBuildArgs,
): Promise<ScheduleAndBuildArgs> {
  const pending: string[] = [];
  for (const uuid of args.instance_uuids) {
    if (await deps.api.buildRequests.get(uuid)) pending.push(uuid);
    else await handAgain(deps, ctx, uuid, args);
  }
  deps.log?.('build request redelivered', { instances: args.instance_uuids, still_to_build: pending });
  return { ...args, instance_uuids: pending };
}

async function handAgain(
  deps: ConductorDeps,
  ctx: RequestContext,
  uuid: string,
  args: ScheduleAndBuildArgs,
): Promise<void> {
  const mapping = await deps.api.instanceMappings.get(uuid);
  if (!mapping?.cell_uuid) return; // deleted by its owner meanwhile
  const instance = await (await deps.cells.get(mapping.cell_uuid)).instances.get(uuid);
  if (
    !instance?.host ||
    instance.vm_state !== VmState.BUILDING ||
    instance.task_state !== TaskState.SCHEDULING
  )
    return;
  await deps.compute.buildAndRunInstance(ctx, instance.host, {
    instance,
    request_spec: { ...args.request_spec, instance_uuid: uuid },
    image: args.image,
    admin_password: args.admin_password,
    node: instance.node ?? instance.host,
    host_list: [],
  });
}
