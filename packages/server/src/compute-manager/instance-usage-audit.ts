/**
 * nova-compute's `_instance_usage_audit` periodic task and
 * `compute_utils.notify_usage_exists`: with `[DEFAULT] instance_usage_audit`
 * each host sends `instance.exists` (and the legacy
 * `compute.instance.exists`) once per completed audit period
 * (`instance_usage_audit_period`) for every instance it ran in that period.
 * NOTE(gap): Nova records each audited period in the `task_logs` table
 * (and os-instance_usage_audit_log reads it); Novats keeps the last audited
 * period in memory, so a restarted host audits the current one again.
 */
import type { AuditPeriod, Clock, Instance, Notifier, RequestContext } from '@novats/core';
import {
  adminContext,
  auditPeriodBounds,
  instanceExistsPayload,
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

/** The periodic task of one host; remembers the periods it audited. */
export class InstanceUsageAudit {
  #audited: number | null = null;

  constructor(
    private readonly deps: UsageAuditDeps,
    private readonly auditPeriodUnit: string,
  ) {}

  /** Audits the last completed period unless this host already did. */
  async run(): Promise<UsageAuditResult> {
    const period = lastCompletedAuditPeriod(this.auditPeriodUnit, this.deps.clock.now());
    if (this.#audited === period.ending) return { period, instances: [], errors: 0 };
    this.#audited = period.ending;
    const ctx = adminContext(`req-usage-audit-${this.deps.host}`);
    const instances = await this.deps.conductor.instancesActiveInPeriod(
      ctx,
      this.deps.host,
      period.beginning,
      period.ending,
    );
    const sent: string[] = [];
    let errors = 0;
    for (const instance of instances) {
      try {
        await sendExists(this.deps, ctx, instance, period);
        sent.push(instance.uuid);
      } catch (err) {
        errors += 1;
        this.deps.log?.('failed to generate usage audit for instance', {
          host: this.deps.host,
          instance: instance.uuid,
          error: String(err),
        });
      }
    }
    return { period, instances: sent, errors };
  }
}
