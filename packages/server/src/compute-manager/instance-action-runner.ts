/**
 * How a compute host carries out an instance action the API accepted
 * (Nova's `@wrap_instance_event` + `@reverts_task_state` +
 * `@wrap_instance_fault` around a manager method): record the action's event,
 * walk the action's task_state steps and write its end state, all read from
 * core's transition table through guarded conductor updates; on a failure
 * clear the task_state (or put the instance in ERROR when the guest was lost),
 * record a fault and finish the event with 'Error'. A guarded update that
 * lost its race (a delete, a hard reboot) ends the work quietly.
 */
import type {
  ActionPayloadVariant,
  Clock,
  Instance,
  InstanceAction,
  InstanceFault,
  InstanceUpdate,
  Notifier,
  RequestContext,
  StateChange,
  TaskState,
  VirtDriver,
} from '@novats/core';
import {
  errorChange,
  finishChange,
  instanceActionPayload,
  isNovaError,
  isUnexpectedTaskState,
  legacyFault,
  legacyInstanceInfo,
  NOOP_NOTIFIER,
  revertChange,
  stepChange,
  transitionRule,
} from '@novats/core';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';
import { notifyUsageExists } from './instance-usage-audit.js';

export interface ActionRunnerDeps {
  readonly host: string;
  readonly driver: VirtDriver;
  readonly conductor: ConductorRpcApi;
  readonly clock: Clock;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Versioned notifications (`instance.<action>.start/end/error`); none when absent. */
  readonly notifier?: Notifier;
  /** Legacy notifications (`compute.instance.<action>.start/end/error`); none when absent. */
  readonly legacyNotifier?: Notifier;
  /** `[DEFAULT] instance_usage_audit_period`: the period of the instance.exists some actions send first. */
  readonly auditPeriodUnit?: string;
}

/** Actions whose manager method first reports the usage so far (Nova's `notify_usage_exists(current_period=True)`). */
const USAGE_EXISTS_FIRST: ReadonlySet<InstanceAction> = new Set(['rebuild', 'rescue', 'shelve']);

/** instance.exists for the current audit period, before an action that changes what is billed. */
export async function notifyCurrentUsage(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  instance: Instance,
): Promise<void> {
  if (!deps.auditPeriodUnit) return;
  await notifyUsageExists(deps, ctx, instance, deps.auditPeriodUnit, true).catch((err) =>
    deps.log?.('notification not sent', {
      instance: instance.uuid,
      event: 'instance.exists',
      error: String(err),
    }),
  );
}

/** Nova's versioned event name of an action (`instance.<name>.start`); actions without one send none. */
const NOTIFIED_ACTIONS: Partial<Record<InstanceAction, string>> = {
  stop: 'power_off',
  start: 'power_on',
  reboot: 'reboot',
  rebootHard: 'reboot',
  pause: 'pause',
  unpause: 'unpause',
  suspend: 'suspend',
  resume: 'resume',
  rescue: 'rescue',
  unrescue: 'unrescue',
  shelve: 'shelve',
  shelveOffload: 'shelve_offload',
  unshelve: 'unshelve',
  createImage: 'snapshot',
  createBackup: 'snapshot',
  rebuild: 'rebuild',
  restore: 'restore',
};

/**
 * Sends `instance.<name>.<phase>` from this host (Nova's
 * `notify_about_instance_action`). A notification that cannot be sent is
 * logged, never fails the action.
 */
/** Whether `notifyInstanceAction` would send anything: a versioned or a legacy notifier is on. */
export function sendsInstanceNotifications(
  deps: Pick<ActionRunnerDeps, 'notifier' | 'legacyNotifier'>,
): boolean {
  return (
    (deps.notifier !== undefined && deps.notifier !== NOOP_NOTIFIER) ||
    (deps.legacyNotifier !== undefined && deps.legacyNotifier !== NOOP_NOTIFIER)
  );
}

export async function notifyInstanceAction(
  deps: Pick<ActionRunnerDeps, 'host' | 'notifier' | 'legacyNotifier' | 'log'>,
  ctx: RequestContext,
  instance: Instance,
  name: string,
  phase: 'start' | 'end' | 'error',
  fault: unknown = null,
  build: (ctx: RequestContext, instance: Instance, fault: unknown) => unknown = instanceActionPayload,
): Promise<void> {
  await notifyLegacy(deps, ctx, instance, `${name}.${phase}`, phase === 'error' ? fault : null);
  // NOTE(perf): with notifications off (the noop notifier) the payload is not even built.
  if (!deps.notifier || deps.notifier === NOOP_NOTIFIER) return;
  try {
    await deps.notifier.notify(
      ctx,
      `nova-compute:${deps.host}`,
      `instance.${name}.${phase}`,
      phase === 'error' ? 'ERROR' : 'INFO',
      build(ctx, instance, phase === 'error' ? fault : null),
    );
  } catch (err) {
    deps.log?.('notification not sent', {
      instance: instance.uuid,
      event: `instance.${name}.${phase}`,
      error: String(err),
    });
  }
}

/** Extra fields of legacy events, as Nova's manager passes them (`extra_usage_info`). */
const LEGACY_EXTRA: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'create.end': { message: 'Success' },
};

/**
 * Sends `compute.instance.<event>` from this host (Nova's
 * `notify_about_instance_usage`) with the legacy payload; a fault adds its
 * message and code. Never fails the action.
 */
export async function notifyLegacy(
  deps: Pick<ActionRunnerDeps, 'host' | 'legacyNotifier' | 'log'>,
  ctx: RequestContext,
  instance: Instance,
  event: string,
  fault: unknown = null,
): Promise<void> {
  if (!deps.legacyNotifier || deps.legacyNotifier === NOOP_NOTIFIER) return;
  try {
    await deps.legacyNotifier.notify(
      ctx,
      `compute.${deps.host}`,
      `compute.instance.${event}`,
      event.endsWith('error') ? 'ERROR' : 'INFO',
      legacyInstanceInfo(instance, { ...LEGACY_EXTRA[event], ...(fault ? legacyFault(fault) : {}) }),
    );
  } catch (err) {
    deps.log?.('notification not sent', { instance: instance.uuid, event, error: String(err) });
  }
}

/** A guarded update that lost its race: the instance moved on (a delete, a hard reboot). */
export function isUnexpectedState(err: unknown): boolean {
  return isUnexpectedTaskState(err) || (isNovaError(err) && err.status === 404);
}

/** What the work of an action reports back. */
export interface ActionOutcome {
  /** Fields written together with the end state (host, flavor, image_ref...). */
  readonly values?: InstanceUpdate;
  /** Skip the end state: the work handed the instance on (to another host, to the conductor). */
  readonly handedOff?: boolean;
}

export interface RunActionOptions {
  /** Nova's event name, e.g. `compute_pause_instance`. */
  readonly event: string;
  /**
   * The driver work; may return values to write with the end state. With
   * `stepsBeforeWork`, the work moves through the remaining steps itself by
   * calling `advance` (Nova's `update_task_state` callback of a snapshot).
   */
  readonly work: (current: Instance, advance: (step: TaskState) => Promise<Instance>) => Promise<unknown>;
  /** How many of the rule's steps are walked before the work starts; default all of them. */
  readonly stepsBeforeWork?: number;
  /**
   * After a failure: 'revert' clears the task_state (the guest is as it was),
   * 'error' puts the instance in ERROR; a function decides from the error.
   */
  readonly onFailure?: 'revert' | 'error' | ((err: unknown, current: Instance) => Promise<StateChange>);
  /** Nova's `old_vm_state` for actions whose rule `keeps_stopped`. */
  readonly previousVmState?: Instance['vm_state'];
  /** The InstanceActionPayload subclass the action's notifications carry (rescue, rebuild, snapshot). */
  readonly payload?: ActionPayloadVariant;
}

/** The host clock's now as the ISO text action events and instance rows store. */
export function now(deps: Pick<ActionRunnerDeps, 'clock'>): string {
  return new Date(deps.clock.now()).toISOString();
}

/** Finishes `event` with 'Error' and the failure's traceback; a failure to record it is ignored. */
export async function finishEventWithError(
  deps: Pick<ActionRunnerDeps, 'conductor' | 'clock'>,
  ctx: RequestContext,
  uuid: string,
  event: string,
  err: unknown,
): Promise<void> {
  await deps.conductor
    .actionEventFinish(ctx, uuid, {
      event,
      finish_time: now(deps),
      result: 'Error',
      traceback: err instanceof Error ? (err.stack ?? err.message) : String(err),
    })
    .catch(() => {});
}

async function write(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  uuid: string,
  change: StateChange,
  extra: InstanceUpdate = {},
): Promise<Instance> {
  return deps.conductor.instanceUpdate(ctx, uuid, { ...extra, ...change.values }, change.expected);
}

/**
 * Records the start and end of a piece of work as an instance action event.
 * NOTE(perf): the start is recorded while the work begins (one conductor
 * round trip fewer before the first state write); the finish waits for it,
 * and a start that failed fails the call once the work is done.
 */
export async function withActionEvent<T>(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  uuid: string,
  event: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = deps.conductor.actionEventStart(ctx, uuid, {
    event,
    host: deps.host,
    start_time: now(deps),
  });
  // Observed at once, so that a failure while the work runs is not an unhandled rejection.
  started.catch(() => {});
  try {
    const out = await work();
    await started;
    await deps.conductor.actionEventFinish(ctx, uuid, { event, finish_time: now(deps), result: 'Success' });
    return out;
  } catch (err) {
    await started.catch(() => {});
    await finishEventWithError(deps, ctx, uuid, event, err);
    throw err;
  }
}

/**
 * Carries out `action` on an instance the API already moved to the action's
 * task_state. Resolves quietly when the instance moved on meanwhile; a
 * failure of the work is recorded (fault, event) and not rethrown.
 */
export async function runInstanceAction(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  instance: Instance,
  action: InstanceAction,
  opts: RunActionOptions,
): Promise<void> {
  const rule = transitionRule(action);
  const notified = NOTIFIED_ACTIONS[action];
  const build = (c: RequestContext, i: Instance, fault: unknown) =>
    instanceActionPayload(c, i, fault, opts.payload);
  if (USAGE_EXISTS_FIRST.has(action)) await notifyCurrentUsage(deps, ctx, instance);
  if (notified) await notifyInstanceAction(deps, ctx, instance, notified, 'start', null, build);
  await withActionEvent(deps, ctx, instance.uuid, opts.event, async () => {
    let current = instance;
    let at: TaskState | null = rule.task_state;
    try {
      for (const step of rule.steps.slice(0, opts.stepsBeforeWork ?? rule.steps.length)) {
        if (step === at) continue;
        current = await write(deps, ctx, instance.uuid, stepChange(action, at, step));
        at = step;
      }
    } catch (err) {
      if (isUnexpectedState(err)) return;
      throw err;
    }
    let movedOn = false;
    const advance = async (step: TaskState): Promise<Instance> => {
      try {
        current = await write(deps, ctx, instance.uuid, stepChange(action, at, step));
      } catch (err) {
        movedOn = isUnexpectedState(err);
        throw err;
      }
      at = step;
      return current;
    };
    let outcome: ActionOutcome | undefined;
    try {
      outcome = (await opts.work(current, advance)) as ActionOutcome | undefined;
    } catch (err) {
      // NOTE(race): a step the work could not write because the instance moved on (a delete) ends quietly.
      if (movedOn) return;
      await recordFailure(deps, ctx, current, at, opts, err);
      if (notified) await notifyInstanceAction(deps, ctx, current, notified, 'error', err, build);
      throw err;
    }
    if (outcome?.handedOff) return;
    try {
      const done = await write(
        deps,
        ctx,
        instance.uuid,
        finishChange(action, current, at, opts.previousVmState),
        outcome?.values,
      );
      if (notified) await notifyInstanceAction(deps, ctx, done, notified, 'end', null, build);
    } catch (err) {
      if (!isUnexpectedState(err)) throw err;
    }
  }).catch((err) => {
    // NOTE(nova): the failure is on the instance (fault + event); the cast that carried it has no caller.
    deps.log?.(`${action} failed`, { instance: instance.uuid, host: deps.host, error: String(err) });
  });
}

async function recordFailure(
  deps: ActionRunnerDeps,
  ctx: RequestContext,
  current: Instance,
  at: TaskState | null,
  opts: RunActionOptions,
  error: unknown,
): Promise<void> {
  const change =
    typeof opts.onFailure === 'function'
      ? await opts.onFailure(error, current)
      : opts.onFailure === 'error'
        ? errorChange(at)
        : revertChange(at);
  try {
    await write(deps, ctx, current.uuid, change);
  } catch (err) {
    if (isUnexpectedState(err)) return;
    throw err;
  }
  const message = error instanceof Error ? error.message : String(error);
  const fault: InstanceFault = {
    instance_uuid: current.uuid,
    code: isNovaError(error) ? error.status : 500,
    message: message.slice(0, 255),
    details: error instanceof Error ? (error.stack ?? message) : message,
    host: deps.host,
    created_at: now(deps),
  };
  await deps.conductor.instanceFaultCreate(ctx, fault);
}
