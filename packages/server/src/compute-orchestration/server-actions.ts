/**
 * Server actions of the compute API (Nova's `compute/api.py`) that change
 * one guest in place: stop, start, reboot, pause/unpause, suspend/resume,
 * rescue/unrescue, changePassword, rebuild, trigger_crash_dump, console
 * output, lock/unlock, os-resetState, add/removeSecurityGroup. Each starts
 * through `startAction` (transition table, capability, guarded task_state,
 * instance action) and casts Nova's compute RPC method to the host.
 */
import { randomBytes } from 'node:crypto';
import type { ImageMeta, Instance, InstanceAction, RequestContext, VirtDriverAction } from '@novats/core';
import {
  assertTransition,
  InstanceNotReady,
  InstanceNotRescuable,
  InvalidInput,
  isNovaError,
  isVolumeBacked,
  startChange,
} from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { authorize } from './compute-policy.js';
import { cellOf, recordAction, requireCapability, startAction } from './server-action-start.js';
import { getServer } from './server-query.js';

export type RebootType = 'SOFT' | 'HARD';

/** Nova's policy rule a non-admin fails when unlocking an admin's lock. */
export const UNLOCK_OVERRIDE_RULE = 'os_compute_api:os-lock-server:unlock:unlock_override';

/** The in-place actions that are one cast each: table row, capability, Nova's RPC method. */
export const CAST_ACTIONS = {
  stop: { action: 'stop', method: 'stop_instance' },
  start: { action: 'start', method: 'start_instance' },
  pause: { action: 'pause', method: 'pause_instance', capability: 'supports_pause' },
  unpause: { action: 'unpause', method: 'unpause_instance', capability: 'supports_pause' },
  suspend: { action: 'suspend', method: 'suspend_instance', capability: 'supports_suspend' },
  resume: { action: 'resume', method: 'resume_instance', capability: 'supports_suspend' },
  unrescue: { action: 'unrescue', method: 'unrescue_instance', capability: 'supports_rescue' },
} as const satisfies Record<
  string,
  { action: InstanceAction; method: string; capability?: VirtDriverAction }
>;

/** A password like Nova's `utils.generate_password` (12 characters, no look-alikes). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (const b of randomBytes(12)) out += alphabet[b % alphabet.length];
  return out;
}

function hostOf(uuid: string, host: string | null): string {
  if (!host) throw new InstanceNotReady(uuid);
  return host;
}

/** One of CAST_ACTIONS: start it, then cast its method to the host. */
export async function castAction(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  name: keyof typeof CAST_ACTIONS,
): Promise<void> {
  const entry: { action: InstanceAction; method: string; capability?: VirtDriverAction } = CAST_ACTIONS[name];
  const started = await startAction(deps, ctx, uuid, entry.action, { capability: entry.capability });
  await deps.compute.castAction(ctx, hostOf(uuid, started.host), entry.method, {
    instance: started.instance,
  });
}

/** os-stop (also the EC2 API's StopInstances). */
export function stopServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  return castAction(deps, ctx, uuid, 'stop');
}

/** os-start (also the EC2 API's StartInstances). */
export function startServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  return castAction(deps, ctx, uuid, 'start');
}

/** reboot: rebooting (SOFT) or rebooting_hard (HARD), then `reboot_instance` on the host. */
export async function rebootServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  type: RebootType,
): Promise<void> {
  const started = await startAction(deps, ctx, uuid, type === 'HARD' ? 'rebootHard' : 'reboot');
  await deps.compute.rebootInstance(ctx, hostOf(uuid, started.host), {
    instance: started.instance,
    reboot_type: type,
  });
}

/** rescue: boots the rescue image (the server's own when none is given); answers the rescue password. */
export async function rescueServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  opts: { adminPass?: string; rescueImageRef?: string; allowBfvRescue?: boolean },
): Promise<string> {
  const rescueImage: ImageMeta | null = opts.rescueImageRef
    ? await deps.images.show(ctx, opts.rescueImageRef).catch(() => {
        throw new InvalidInput(`Image ${opts.rescueImageRef} could not be found.`);
      })
    : null;
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, 'rescue', { isAdmin: ctx.is_admin });
  if (isVolumeBacked(found.instance)) {
    await checkVolumeBackedRescue(deps, ctx, found.instance, rescueImage, opts.allowBfvRescue === true);
  }
  const password = opts.adminPass ?? generatePassword();
  const started = await startAction(deps, ctx, uuid, 'rescue', { capability: 'supports_rescue', found });
  await deps.compute.castAction(ctx, hostOf(uuid, started.host), 'rescue_instance', {
    instance: started.instance,
    rescue_password: password,
    rescue_image: rescueImage,
  });
  return password;
}

/**
 * Nova's volume-backed rescue rules: refused before 2.87; from 2.87 the
 * rescue image (or the boot volume's image) must name `hw_rescue_bus` and
 * `hw_rescue_device`, and the host's driver must rescue volume-backed
 * instances (COMPUTE_RESCUE_BFV). Each refusal is InstanceNotRescuable (400).
 */
async function checkVolumeBackedRescue(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  instance: Instance,
  rescueImage: ImageMeta | null,
  allowed: boolean,
): Promise<void> {
  const refuse = (reason: string) => new InstanceNotRescuable(instance.uuid, reason);
  if (!allowed) throw refuse('Cannot rescue a volume-backed instance');
  const bootImageId = instance.block_device_mappings?.find((b) => b.boot_index === 0)?.image_id;
  const image =
    rescueImage ?? (bootImageId ? await deps.images.show(ctx, bootImageId).catch(() => null) : null);
  const props = image?.properties ?? {};
  if (!('hw_rescue_bus' in props && 'hw_rescue_device' in props)) {
    throw refuse('Cannot rescue a volume-backed instance');
  }
  if (!instance.host) throw new InstanceNotReady(instance.uuid);
  try {
    await requireCapability(deps, ctx, instance.host, 'supports_bfv_rescue');
  } catch (err) {
    // NOTE(nova): a host without the COMPUTE_RESCUE_BFV trait is a 400, not the 409 of a missing action.
    if (isNovaError(err) && err.code === 'compute.driver.action_unsupported') {
      throw refuse('Host unable to rescue a volume-backed instance');
    }
    throw err;
  }
}

/** changePassword: updating_password, then `set_admin_password` on the host. */
export async function changePassword(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  password: string,
): Promise<void> {
  const started = await startAction(deps, ctx, uuid, 'changePassword', {
    capability: 'supports_set_admin_password',
  });
  await deps.compute.castAction(ctx, hostOf(uuid, started.host), 'set_admin_password', {
    instance: started.instance,
    new_pass: password,
  });
}

/** rebuild: the same host builds the guest again from `imageRef`; answers the new password. */
export async function rebuildServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  opts: {
    imageRef: string;
    adminPass?: string;
    name?: string;
    metadata?: Record<string, string>;
    description?: string | null;
    /** 2.54: a key pair of the caller; null removes the key. */
    keyName?: string | null;
    /** 2.57: new user data; null removes it. */
    userData?: string | null;
    /** 2.90. */
    hostname?: string;
    accessIPv4?: string;
    accessIPv6?: string;
  },
): Promise<{ adminPass: string; instance: import('@novats/core').Instance }> {
  const image = await deps.images.show(ctx, opts.imageRef).catch(() => {
    throw new InvalidInput(`Image ${opts.imageRef} could not be found.`);
  });
  if (
    typeof opts.keyName === 'string' &&
    !(await deps.api.keyPairs.get(ctx.user_id as string, opts.keyName))
  ) {
    throw new InvalidInput('Invalid key_name provided.');
  }
  if (image.status !== 'active') throw new InvalidInput(`Image ${image.id} is not active.`);
  const password = opts.adminPass ?? generatePassword();
  const started = await startAction(deps, ctx, uuid, 'rebuild', {
    values: {
      image_ref: image.id,
      ...(opts.name !== undefined ? { display_name: opts.name } : {}),
      ...(opts.metadata !== undefined ? { metadata: opts.metadata } : {}),
      ...(opts.description !== undefined ? { display_description: opts.description } : {}),
      ...(opts.keyName !== undefined ? { key_name: opts.keyName } : {}),
      ...(opts.userData !== undefined ? { user_data: opts.userData } : {}),
      ...(opts.hostname !== undefined ? { hostname: opts.hostname } : {}),
      ...(opts.accessIPv4 !== undefined ? { access_ip_v4: opts.accessIPv4 || null } : {}),
      ...(opts.accessIPv6 !== undefined ? { access_ip_v6: opts.accessIPv6 || null } : {}),
    },
  });
  await deps.compute.castAction(ctx, hostOf(uuid, started.host), 'rebuild_instance', {
    instance: started.instance,
    image,
    admin_password: password,
    previous_vm_state: started.before.vm_state,
  });
  return { adminPass: password, instance: started.instance };
}

/** trigger_crash_dump (2.17): no task_state; the host sends the guest an NMI. */
export async function triggerCrashDump(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<void> {
  const started = await startAction(deps, ctx, uuid, 'triggerCrashDump', {
    capability: 'supports_trigger_crash_dump',
  });
  await deps.compute.castAction(ctx, hostOf(uuid, started.host), 'trigger_crash_dump', {
    instance: started.instance,
  });
}

/** os-getConsoleOutput: the last `length` lines of the guest's console log (a call to the host). */
export async function consoleOutput(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  length: number | null,
): Promise<string> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, 'getConsoleOutput', { isAdmin: ctx.is_admin });
  const host = hostOf(uuid, found.instance.host);
  await requireCapability(deps, ctx, host, 'supports_console_output');
  return deps.compute.getConsoleOutput(ctx, host, found.instance, length);
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
  const { cell } = await cellOf(deps, found);
  const locked = await cell.instances.update(uuid, {
    locked: true,
    locked_by: found.instance.project_id === ctx.project_id ? 'owner' : 'admin',
    locked_reason: reason,
  });
  await deps.instanceUpdates?.saved(ctx, found.instance, locked);
  await recordAction(cell, ctx, found.instance, 'lock', deps.clock.now());
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
  if (lockedBy && lockedBy !== expectedBy) {
    authorize(deps.policy, ctx, UNLOCK_OVERRIDE_RULE, { project_id: found.instance.project_id });
  }
  const { cell } = await cellOf(deps, found);
  const unlocked = await cell.instances.update(uuid, { locked: false, locked_by: null, locked_reason: null });
  await deps.instanceUpdates?.saved(ctx, found.instance, unlocked);
  await recordAction(cell, ctx, found.instance, 'unlock', deps.clock.now());
}

/** os-resetState (admin): vm_state `active` or `error`, task_state cleared, nothing else. */
export async function resetState(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  state: 'active' | 'error',
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, 'resetState', { isAdmin: ctx.is_admin });
  const { cell } = await cellOf(deps, found);
  // NOTE(nova): resetState is the one operator override of the state machine; it writes the state asked for.
  const updated = await cell.instances.update(uuid, { ...startChange('resetState').values, vm_state: state });
  await deps.instanceUpdates?.saved(ctx, found.instance, updated);
  await recordAction(cell, ctx, found.instance, 'resetState', deps.clock.now());
}

/**
 * addSecurityGroup / removeSecurityGroup against the all-in-one's flat fake
 * network: groups are names on the instance (Nova asks Neutron).
 */
export async function changeSecurityGroup(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  name: string,
  add: boolean,
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  const { cell } = await cellOf(deps, found);
  const groups = [...(found.instance.security_groups ?? ['default'])];
  const has = groups.includes(name);
  if (add && has)
    throw new InvalidInput(`Security group ${name} is already associated with the instance ${uuid}`);
  if (!add && !has) throw new InvalidInput(`Security group ${name} not associated with the instance ${uuid}`);
  const next = add ? [...groups, name] : groups.filter((g) => g !== name);
  const updated = await cell.instances.update(uuid, { security_groups: next });
  await deps.instanceUpdates?.saved(ctx, found.instance, updated);
  await recordAction(
    cell,
    ctx,
    found.instance,
    add ? 'addSecurityGroup' : 'removeSecurityGroup',
    deps.clock.now(),
  );
}
