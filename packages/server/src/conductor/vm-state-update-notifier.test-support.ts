/**
 * The conductor tests' instance.update notifier: `notify_on_state_change = vm_state`,
 * a monthly audit period and a fixed clock, sending through the given notifier.
 */
import { NOOP_NOTIFIER, type Notifier } from '@novats/core';
import { InstanceUpdateNotifier } from '../notifications/instance-update-notifier.js';

export function vmStateUpdateNotifier(notifier: Notifier): InstanceUpdateNotifier {
  return new InstanceUpdateNotifier({
    option: 'vm_state',
    auditPeriod: 'month',
    host: 'conductor1',
    clock: { now: () => Date.parse('2026-11-30T12:00:00Z') } as never,
    notifier,
    legacyNotifier: NOOP_NOTIFIER,
  });
}
