/**
 * nova-compute's `_instance_usage_audit` periodic task and
 * `compute_utils.notify_usage_exists`: with `[DEFAULT] instance_usage_audit`
 * each host sends `instance.exists` (and the legacy
 * `compute.instance.exists`) once per completed audit period
 * (`instance_usage_audit_period`) for every instance it ran in that period.
 * Each audited period is a row of the cell's `task_log` (through the
 * conductor: nova-compute never opens a database), RUNNING during the audit
 * and DONE after, so a restarted host does not audit a period again and
 * os-instance_usage_audit_log can report every host.
 */
import type { AuditPeriod, Clock, Instance, Notifier, RequestContext, TaskLogKey } from '@novats/core';
import {
  adminContext,
  auditPeriodBounds,
  INSTANCE_USAGE_AUDIT_TASK,
  instanceExistsPayload,
  isNovaError,
  lastCompletedAuditPeriod,
  legacyInstanceExistsInfo,
  NOOP_NOTIFIER,
} from '@novats/core';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';

export interface UsageAuditDeps {
  readonly host: string;
  readonly clock: Clock;
  readonly conductor: ConductorRpcApi;
  readonly notifier?: Notifier;
  readonly legacyNotifier?: Notifier;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/**
 * `notify_usage_exists`: `instance.exists` for the last completed audit
 * period, or with `current` for the period in progress (resize, rebuild).
 */
export async function notifyUsageExists(
  deps: UsageAuditDeps,
  ctx: RequestContext,
  instance: Instance,
  auditPeriodUnit: string,
  current = false,
): Promise<void> {
  const period = auditPeriodBounds(auditPeriodUnit, deps.clock.now(), current);
  await sendExists(deps, ctx, instance, period);
}

async function sendExists(
  deps: UsageAuditDeps,
  ctx: RequestContext,
  instance: Instance,
  period: AuditPeriod,
): Promise<void> {
  if (deps.legacyNotifier && deps.legacyNotifier !== NOOP_NOTIFIER) {
    await deps.legacyNotifier.notify(
      ctx,
      `compute.${deps.host}`,
      'compute.instance.exists',
      'INFO',
      legacyInstanceExistsInfo(instance, period),
    );
  }
  if (deps.notifier && deps.notifier !== NOOP_NOTIFIER) {
    await deps.notifier.notify(
      ctx,
      `nova-compute:${deps.host}`,
      'instance.exists',
      'INFO',
      instanceExistsPayload(ctx, instance, period),
    );
  }
}

export interface UsageAuditResult {
  readonly period: AuditPeriod;
  /** The instances notified; empty when the period was already audited. */
  readonly instances: readonly string[];
  readonly errors: number;
}

/** TaskAlreadyRunning's code: another run of this host took the period first. */
const ALREADY_RUNNING = 'compute.task_log.already_running';

/** The periodic task of one host; its task_log rows say which periods it audited. */
export class InstanceUsageAudit {
  /** The last period known taken (a task_log row seen or written): saves a conductor call per run. */
  #audited: number | null = null;

  constructor(
    private readonly deps: UsageAuditDeps,
    private readonly auditPeriodUnit: string,
  ) {}

  /** Audits the last completed period unless this host already did (a task_log row exists). */
  async run(): Promise<UsageAuditResult> {
    const { host, clock, conductor } = this.deps;
    const period = lastCompletedAuditPeriod(this.auditPeriodUnit, clock.now());
    const skipped = { period, instances: [], errors: 0 };
    if (this.#audited === period.ending) return skipped;
    const ctx = adminContext(`req-usage-audit-${host}`);
    const key: TaskLogKey = {
      task_name: INSTANCE_USAGE_AUDIT_TASK,
      host,
      period_beginning: period.beginning,
      period_ending: period.ending,
    };
    if (await conductor.taskLogGet(ctx, key)) {
      this.#audited = period.ending;
      return skipped;
    }
    const instances = await conductor.instancesActiveInPeriod(ctx, host, period.beginning, period.ending);
    const started = clock.now();
    try {
      await conductor.taskLogBegin(ctx, key, instances.length, 'Instance usage audit started...');
    } catch (err) {
      if (isNovaError(err) && err.code === ALREADY_RUNNING) {
        this.#audited = period.ending;
        return skipped;
      }
      throw err;
    }
    this.#audited = period.ending;
    const sent: string[] = [];
    let errors = 0;
    for (const instance of instances) {
      try {
        await sendExists(this.deps, ctx, instance, period);
        sent.push(instance.uuid);
      } catch (err) {
        errors += 1;
        this.deps.log?.('failed to generate usage audit for instance', {
          host,
          instance: instance.uuid,
          error: String(err),
        });
      }
    }
    const seconds = (clock.now() - started) / 1000;
    await conductor.taskLogEnd(
      ctx,
      key,
      errors,
      `Instance usage audit ran for host ${host}, ${instances.length} instances in ${seconds} seconds.`,
    );
    return { period, instances: sent, errors };
  }
}
