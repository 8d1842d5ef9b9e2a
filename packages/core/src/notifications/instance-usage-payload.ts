/**
 * The payloads of `instance.update` (Nova's `send_instance_update_notification`)
 * and `instance.exists` (`notify_usage_exists`), versioned and legacy.
 * Zed's versions are InstanceUpdatePayload 2.0 and InstanceExistsPayload
 * 2.0: 2.0 removed the `bandwidth` field, so neither carries it.
 */
import type { RequestContext } from '../context/request-context.js';
import type { Instance } from '../objects/instance.js';
import type { AuditPeriod } from './audit-period.js';
import { instanceFields, type VersionedObject, versionedObject } from './instance-action-payload.js';
import { legacyInstanceInfo } from './legacy-instance-info.js';

/** The vm_state/task_state before and after an update (Nova's `_compute_states_payload`). */
export interface StateUpdate {
  readonly old_state: string | null;
  readonly state: string | null;
  readonly old_task_state: string | null;
  readonly new_task_state: string | null;
}

/** Which update `[notifications] notify_on_state_change` reports. */
export type NotifyOnStateChange = 'vm_state' | 'vm_and_task_state' | null;

type States = Pick<Instance, 'vm_state' | 'task_state' | 'display_name'>;

/**
 * Nova's `send_update`: the state update to report for a save from `old`
 * to `updated`, or null when nothing is sent. A vm_state change (or a
 * task_state change under `vm_and_task_state`) reports both transitions;
 * any other save reports the current states as both old and new, with
 * `old_display_name` when the name changed.
 */
export function instanceUpdateChange(
  option: NotifyOnStateChange,
  old: States,
  updated: States,
): { stateUpdate: StateUpdate; oldDisplayName: string | null } | null {
  if (!option) return null;
  const stateChanged =
    old.vm_state !== updated.vm_state ||
    (option === 'vm_and_task_state' && old.task_state !== updated.task_state);
  if (stateChanged) {
    return {
      stateUpdate: {
        old_state: old.vm_state,
        state: updated.vm_state,
        old_task_state: old.task_state,
        new_task_state: updated.task_state,
      },
      oldDisplayName: null,
    };
  }
  return {
    stateUpdate: {
      old_state: updated.vm_state,
      state: updated.vm_state,
      old_task_state: updated.task_state,
      new_task_state: updated.task_state,
    },
    oldDisplayName: old.display_name !== updated.display_name ? old.display_name : null,
  };
}

/** AuditPeriodPayload 1.0. */
function auditPeriodPayload(period: AuditPeriod): VersionedObject {
  return versionedObject('AuditPeriodPayload', '1.0', {
    audit_period_beginning: ovoSeconds(period.beginning),
    audit_period_ending: ovoSeconds(period.ending),
  });
}

function ovoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Python's `str(naive datetime)`: `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
function pyNaive(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac === '000' ? '' : `.${frac}000`}`;
}

/** Nova's `utils.strtime`: `YYYY-MM-DDTHH:MM:SS.ffffff`. */
function strtime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`;
}

/** InstanceUpdatePayload 2.0 of `instance.update`. */
export function instanceUpdatePayload(
  ctx: RequestContext,
  instance: Instance,
  stateUpdate: StateUpdate,
  period: AuditPeriod,
  oldDisplayName: string | null,
): VersionedObject {
  return versionedObject('InstanceUpdatePayload', '2.0', {
    ...instanceFields(ctx, instance),
    state_update: versionedObject('InstanceStateUpdatePayload', '1.0', { ...stateUpdate }),
    audit_period: auditPeriodPayload(period),
    old_display_name: oldDisplayName,
    tags: [...(instance.tags ?? [])],
  });
}

/**
 * The legacy `compute.instance.update` payload: the instance info with
 * the state transition, the current audit period (`null_safe_isotime`)
 * and `old_display_name` when the name changed.
 */
export function legacyInstanceUpdateInfo(
  instance: Instance,
  stateUpdate: StateUpdate,
  period: AuditPeriod,
  oldDisplayName: string | null,
): Record<string, unknown> {
  const { fixed_ips: _noNetworkInfo, ...info } = legacyInstanceInfo(instance);
  return {
    ...info,
    ...stateUpdate,
    audit_period_beginning: strtime(period.beginning),
    audit_period_ending: strtime(period.ending),
    ...(oldDisplayName ? { old_display_name: oldDisplayName } : {}),
  };
}

/** InstanceExistsPayload 2.0 of `instance.exists`. */
export function instanceExistsPayload(
  ctx: RequestContext,
  instance: Instance,
  period: AuditPeriod,
): VersionedObject {
  return versionedObject('InstanceExistsPayload', '2.0', {
    ...instanceFields(ctx, instance),
    audit_period: auditPeriodPayload(period),
  });
}

/** The legacy `compute.instance.exists` payload: the audit period as `str(datetime)`. */
export function legacyInstanceExistsInfo(instance: Instance, period: AuditPeriod): Record<string, unknown> {
  return legacyInstanceInfo(instance, {
    audit_period_beginning: pyNaive(period.beginning),
    audit_period_ending: pyNaive(period.ending),
  });
}
