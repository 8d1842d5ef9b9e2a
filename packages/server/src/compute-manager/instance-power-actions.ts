/**
 * The host side of os-stop, os-start and reboot (Nova's `stop_instance`,
 * `start_instance`, `reboot_instance`) on the shared action runner. A failed
 * reboot leaves the instance active only when the guest still runs, ERROR
 * otherwise (Nova's `reboot_instance`); stop and start keep their vm_state.
 */
import type { Instance, RequestContext, VirtDriver } from '@novats/core';
import { errorChange, PowerState, revertChange } from '@novats/core';
import { type ActionRunnerDeps, runInstanceAction } from './instance-action-runner.js';

export { isUnexpectedState } from './instance-action-runner.js';

/** The rows of the transition table a compute host carries out for the power actions. */
export type PowerAction = 'stop' | 'start' | 'reboot' | 'rebootHard';

const EVENTS: Record<PowerAction, string> = {
  stop: 'compute_stop_instance',
  start: 'compute_start_instance',
  reboot: 'compute_reboot_instance',
  rebootHard: 'compute_reboot_instance',
};

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

/** Carries out `action` on an instance the API already moved to the action's task_state. */
export function runPowerAction(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  instance: Instance,
  action: PowerAction,
): Promise<void> {
  const isReboot = action === 'reboot' || action === 'rebootHard';
  return runInstanceAction(deps, ctx, instance, action, {
    event: EVENTS[action],
    work: async (current) => {
      await callDriver(deps.driver, current, action);
    },
    onFailure: isReboot
      ? async (_err, current) => {
          const info = await deps.driver.getInfo(current).catch(() => null);
          const state = info?.state ?? PowerState.NOSTATE;
          const at = current.task_state;
          const change = state === PowerState.RUNNING ? revertChange(at) : errorChange(at);
          return { ...change, values: { ...change.values, power_state: state } };
        }
      : 'revert',
  });
}
