/**
 * The host side of the actions that change one guest in place, each a row of
 * core's transition table carried out by the action runner with Nova's
 * event name: pause/unpause, suspend/resume, rescue/unrescue, changePassword
 * (`set_admin_password`), rebuild on the same host, and the ones without a
 * task_state (trigger_crash_dump). Keyed by Nova's RPC method names.
 */
import type { ActionPayloadVariant, ImageMeta, Instance, InstanceAction, RequestContext } from '@novats/core';
import { rebuildPayloadVariant, rescuePayloadVariant } from '@novats/core';
import type { InstanceActionArgs } from '../rpc/compute-rpcapi.js';
import { type ActionRunnerDeps, runInstanceAction, withActionEvent } from './instance-action-runner.js';

interface GuestAction {
  readonly action: InstanceAction;
  readonly failure?: 'revert' | 'error';
  /** The InstanceActionPayload subclass of its notifications. */
  payload?(args: InstanceActionArgs): ActionPayloadVariant;
  work(deps: ActionRunnerDeps, current: Instance, args: InstanceActionArgs): Promise<unknown>;
}

/** Nova's compute manager methods for in-place actions, by RPC method name. */
export const GUEST_ACTIONS: Readonly<Record<string, GuestAction>> = {
  pause_instance: { action: 'pause', work: (d, i) => d.driver.pause(i) },
  unpause_instance: { action: 'unpause', work: (d, i) => d.driver.unpause(i) },
  suspend_instance: { action: 'suspend', work: (d, i) => d.driver.suspend(i) },
  resume_instance: { action: 'resume', work: (d, i) => d.driver.resume(i) },
  rescue_instance: {
    action: 'rescue',
    payload: (args) => rescuePayloadVariant((args.rescue_image as ImageMeta | null)?.id ?? null),
    work: (d, i, args) =>
      d.driver.rescue(
        i,
        (args.rescue_image as ImageMeta | null) ?? null,
        (args.rescue_password as string) ?? null,
      ),
  },
  unrescue_instance: { action: 'unrescue', work: (d, i) => d.driver.unrescue(i) },
  soft_delete_instance: { action: 'softDelete', work: (d, i) => d.driver.powerOff(i) },
  restore_instance: { action: 'restore', work: (d, i) => d.driver.powerOn(i) },
  set_admin_password: {
    action: 'changePassword',
    work: (d, i, args) => d.driver.setAdminPassword(i, String(args.new_pass)),
  },
  rebuild_instance: {
    action: 'rebuild',
    failure: 'error',
    payload: () => rebuildPayloadVariant(),
    async work(d, i, args) {
      const image = (args.image as ImageMeta | null) ?? null;
      await d.driver.destroy(i);
      await d.driver.spawn({ ...i, image_ref: image?.id ?? i.image_ref }, image, {
        adminPass: (args.admin_password as string | null) ?? null,
      });
      if (args.previous_vm_state === 'stopped') await d.driver.powerOff(i);
      return {
        values: {
          image_ref: image?.id ?? i.image_ref,
          launched_at: new Date(d.clock.now()).toISOString(),
        },
      };
    },
  },
};

/** Runs one of GUEST_ACTIONS for a cast of `method`. */
export function runGuestAction(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  method: string,
  args: InstanceActionArgs,
): Promise<void> {
  const entry = GUEST_ACTIONS[method];
  return runInstanceAction(deps, ctx, args.instance, entry.action, {
    event: `compute_${method}`,
    work: (current) => entry.work(deps, current, args),
    onFailure: entry.failure ?? 'revert',
    previousVmState: (args.previous_vm_state as Instance['vm_state'] | undefined) ?? undefined,
    payload: entry.payload?.(args),
  });
}

/** Nova's trigger_crash_dump: an NMI to the guest; no task_state, just the event. */
export function triggerCrashDump(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  instance: Instance,
): Promise<void> {
  return withActionEvent(deps, ctx, instance.uuid, 'compute_trigger_crash_dump', () =>
    deps.driver.triggerCrashDump(instance),
  ).catch((err) => deps.log?.('trigger_crash_dump failed', { instance: instance.uuid, error: String(err) }));
}

/** Nova's get_console_output: the last `tailLength` lines, or all of them. */
export async function consoleOutput(
  deps: ActionRunnerDeps,
  instance: Instance,
  tailLength: number | null,
): Promise<string> {
  const text = await deps.driver.getConsoleOutput(instance);
  if (tailLength === null) return text;
  const lines = text.replace(/\n$/, '').split('\n');
  return tailLength === 0 ? '' : `${lines.slice(-tailLength).join('\n')}\n`;
}
