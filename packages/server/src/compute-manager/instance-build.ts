/**
 * A compute host's build of an instance the conductor scheduled here (Nova's
 * `build_and_run_instance` / `_do_build_and_run_instance`): the address and
 * spawning task_state are written with the build's action event in one
 * guarded conductor update; the server group's late policy check
 * (group-policy-check.ts) runs before the guest is spawned and the
 * requested volumes plugged; ACTIVE is written with the event's finish. A
 * failed build finishes the event with 'Error', gives the claim back and
 * hands the instance to the conductor for a reschedule.
 */
import type { Instance, InstanceAddress, RequestContext, VirtualInterface } from '@novats/core';
import {
  finishChange,
  instanceCreatePayload,
  startChange,
  stepChange,
  TaskState,
  VmState,
} from '@novats/core';
import { REQUESTED_NETWORKS_KEY } from '../compute-orchestration/server-create-extras.js';
import { allocateFixedAddress, portsOfInstance } from '../network/fake-network.js';
import type { BuildAndRunArgs } from '../rpc/compute-rpcapi.js';
import { plugBlockDeviceVolumes } from './block-device-volumes.js';
import type { ComputeManagerDeps } from './compute-manager.js';
import { buildConfigDrive } from './config-drive-builder.js';
import type { GroupPolicyCheck } from './group-policy-check.js';
import {
  finishEventWithError,
  notifyInstanceAction,
  now,
  sendsInstanceNotifications,
} from './instance-action-runner.js';
import { isUnexpectedState } from './instance-power-actions.js';

/** Nova's event of a build (`@wrap_instance_event(prefix='compute')` on `_do_build_and_run_instance`). */
const BUILD_EVENT = 'compute__do_build_and_run_instance';

/** The network info the API resolved for `networks` (none, ports, fixed IPs); undefined: auto. */
function requestedAddresses(instance: Instance): InstanceAddress[] | undefined {
  const raw = instance.system_metadata?.[REQUESTED_NETWORKS_KEY];
  return raw === undefined ? undefined : (JSON.parse(raw) as InstanceAddress[]);
}

/** The guest's interfaces from its network info. */
function vifsOf(instance: Instance): VirtualInterface[] {
  return portsOfInstance(instance).map((p) => ({
    port_id: p.id,
    mac_address: p.mac_address,
    network_id: p.network_id,
    fixed_ips: p.fixed_ips.map((f) => f.ip_address),
  }));
}

/** Builds `args.instance` on this host; the caller holds the instance's lock. */
export async function buildAndRunInstance(
  deps: ComputeManagerDeps,
  groupPolicy: GroupPolicyCheck,
  ctx: RequestContext,
  args: BuildAndRunArgs,
): Promise<void> {
  const { conductor, driver, host } = deps;
  const uuid = args.instance.uuid;
  let instance: Instance;
  try {
    // NOTE(perf): the flat network allocates without I/O, so Nova's separate
    // networking save would be visible for one round trip only; the address
    // and spawning are written in one guarded update instead, and the build's
    // action event starts in the same conductor call (Nova's event wraps the whole build).
    const addresses = requestedAddresses(args.instance) ?? [allocateFixedAddress(args.instance)];
    const spawning = stepChange('create', TaskState.SCHEDULING, TaskState.SPAWNING);
    instance = await conductor.instanceUpdate(
      ctx,
      uuid,
      { ...spawning.values, addresses },
      { task_state: [TaskState.SCHEDULING, null], vm_state: [VmState.BUILDING] },
      { start: { event: BUILD_EVENT, host, start_time: now(deps) } },
    );
  } catch (err) {
    if (isUnexpectedState(err)) return; // deleted while waiting: terminate_instance cleans up
    throw err;
  }
  await notifyInstanceAction(deps, ctx, instance, 'create', 'start', null, instanceCreatePayload);
  try {
    const configDrive = deps.configDrive
      ? await buildConfigDrive(conductor, ctx, instance, deps.configDrive)
      : null;
    // NOTE(nova): after the claim put the instance on this host, before the guest exists.
    const group = args.request_spec.instance_group?.uuid;
    if (group) await groupPolicy.validate(ctx, instance, group);
    await driver.spawn(instance, args.image, {
      adminPass: args.admin_password,
      networkInfo: vifsOf(instance),
      ...(configDrive ? { configDrive } : {}),
    });
    // NOTE(nova): the volumes of block_device_mapping_v2 were reserved by the API; the host plugs them.
    await plugBlockDeviceVolumes(driver, instance);
  } catch (err) {
    groupPolicy.forget(uuid);
    await finishEventWithError(deps, ctx, uuid, BUILD_EVENT, err);
    await notifyInstanceAction(deps, ctx, instance, 'create', 'error', err, instanceCreatePayload);
    await reschedule(deps, ctx, instance, args, err as Error);
    return;
  }
  try {
    const done = finishChange('create', instance, TaskState.SPAWNING);
    const at = now(deps);
    const values = { ...done.values, launched_at: at };
    const finish = { finish: { event: BUILD_EVENT, finish_time: at, result: 'Success' as const } };
    // NOTE(perf): the saved row is only the create.end payload; with notifications off it is not asked for.
    if (!sendsInstanceNotifications(deps)) {
      await conductor.instanceApply(ctx, uuid, values, done.expected, finish);
      return;
    }
    const active = await conductor.instanceUpdate(ctx, uuid, values, done.expected, finish);
    await notifyInstanceAction(deps, ctx, active, 'create', 'end', null, instanceCreatePayload);
  } catch (err) {
    if (!isUnexpectedState(err)) throw err;
  } finally {
    groupPolicy.forget(uuid);
  }
}

/** Gives a failed build's guest and claim back and asks the conductor for another host. */
async function reschedule(
  deps: ComputeManagerDeps,
  ctx: RequestContext,
  instance: Instance,
  args: BuildAndRunArgs,
  error: Error,
): Promise<void> {
  const { conductor, driver, placement, host } = deps;
  deps.log?.('spawn failed', { instance: instance.uuid, host, error: error.message });
  await driver.destroy(instance).catch(() => {});
  await placement.deleteAllocations(ctx, instance.uuid);
  try {
    // NOTE(nova): the conductor decides; with no alternate left it raises MaxRetriesExceeded.
    const back = startChange('reschedule');
    const moved = await conductor.instanceUpdate(
      ctx,
      instance.uuid,
      { ...back.values, host: null, node: null, addresses: [] },
      { task_state: [TaskState.SPAWNING] },
    );
    await conductor.buildInstances(ctx, {
      instance: moved,
      request_spec: args.request_spec,
      image: args.image,
      admin_password: args.admin_password,
      host_list: args.host_list,
      failed_host: host,
      reason: error.message,
    });
  } catch (err) {
    if (!isUnexpectedState(err)) throw err;
  }
}
