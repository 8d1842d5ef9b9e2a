/**
 * `instance.update` and `compute.instance.update` (Nova's
 * `notifications.send_update`, which `Instance.save()` calls): sent by
 * whichever service saved the instance, when `[notifications]
 * notify_on_state_change` is set. Nova names the source `nova-compute`
 * (legacy `compute`) whatever the service, with the saving service's host.
 * A notification that cannot be sent is logged, never fails the save.
 */
import type {
  Clock,
  Instance,
  Notifier,
  NotifyOnStateChange,
  NovaConfig,
  RequestContext,
  Transport,
} from '@novats/core';
import {
  auditPeriodBounds,
  instanceUpdateChange,
  instanceUpdatePayload,
  legacyInstanceUpdateInfo,
  NOOP_NOTIFIER,
} from '@novats/core';
import { legacyNotifier, versionedNotifier } from './transport-notifier.js';

type States = Pick<Instance, 'vm_state' | 'task_state' | 'display_name'>;

export class InstanceUpdateNotifier {
  constructor(
    private readonly opts: {
      readonly option: NotifyOnStateChange;
      readonly auditPeriod: string;
      readonly host: string;
      readonly clock: Clock;
      readonly notifier: Notifier;
      readonly legacyNotifier: Notifier;
      readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
    },
  ) {}

  /** Whether a save is reported at all: callers read the row before saving only then. */
  get enabled(): boolean {
    return (
      this.opts.option !== null &&
      (this.opts.notifier !== NOOP_NOTIFIER || this.opts.legacyNotifier !== NOOP_NOTIFIER)
    );
  }

  /**
   * Reports a save of an instance from `old` (its states before) to `updated`; `service`
   * names the source as Nova's callers do (`compute` for every save, `conductor` for a
   * build's new row).
   */
  async saved(
    ctx: RequestContext,
    old: States,
    updated: Instance,
    service: 'compute' | 'conductor' = 'compute',
  ): Promise<void> {
    if (!this.enabled) return;
    const change = instanceUpdateChange(this.opts.option, old, updated);
    if (!change) return;
    const period = auditPeriodBounds(this.opts.auditPeriod, this.opts.clock.now(), true);
    try {
      if (this.opts.legacyNotifier !== NOOP_NOTIFIER) {
        await this.opts.legacyNotifier.notify(
          ctx,
          `${service}.${this.opts.host}`,
          'compute.instance.update',
          'INFO',
          legacyInstanceUpdateInfo(updated, change.stateUpdate, period, change.oldDisplayName),
        );
      }
      if (this.opts.notifier !== NOOP_NOTIFIER) {
        await this.opts.notifier.notify(
          ctx,
          `nova-${service}:${this.opts.host}`,
          'instance.update',
          'INFO',
          instanceUpdatePayload(ctx, updated, change.stateUpdate, period, change.oldDisplayName),
        );
      }
    } catch (err) {
      this.opts.log?.('notification not sent', {
        instance: updated.uuid,
        event: 'instance.update',
        error: String(err),
      });
    }
  }
}

/** The instance.update notifier of a service on `host`, from nova.conf. */
export function instanceUpdateNotifier(
  conf: NovaConfig,
  transport: Transport,
  clock: Clock,
  host: string,
  log?: (msg: string, extra?: Record<string, unknown>) => void,
): InstanceUpdateNotifier {
  return new InstanceUpdateNotifier({
    option: (conf.get('notifications', 'notify_on_state_change') ?? null) as NotifyOnStateChange,
    auditPeriod: conf.get('DEFAULT', 'instance_usage_audit_period') ?? 'month',
    host,
    clock,
    notifier: versionedNotifier(conf, transport, clock),
    legacyNotifier: legacyNotifier(conf, transport, clock),
    log,
  });
}
