/**
 * Nova's usage audit periods (`nova.utils.last_completed_audit_period`,
 * `nova.notifications.base.audit_period_bounds`): the most recently
 * completed period of `[DEFAULT] instance_usage_audit_period` (`hour`,
 * `day`, `month`, `year`, optionally `@offset`: `month@15` starts on the
 * 15th, `day@18` at 18:00 UTC), in UTC. Pure: the caller gives "now".
 */

export interface AuditPeriod {
  /** Epoch milliseconds, UTC. */
  readonly beginning: number;
  readonly ending: number;
}

const UNIT = /^(hour|month|day|year)(?:@(\d+))?$/;

/** Whether a value is one `instance_usage_audit_period` accepts (Nova's option regex). */
export function isAuditPeriodUnit(value: string): boolean {
  return UNIT.test(value);
}

/** The most recently completed audit period before `now` (ms). */
export function lastCompletedAuditPeriod(unit: string, now: number): AuditPeriod {
  const m = UNIT.exec(unit);
  const kind = m?.[1] ?? 'month';
  let offset = m?.[2] ? Number(m[2]) : 0;
  const d = new Date(now);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  if (kind === 'month') {
    if (offset === 0) offset = 1;
    let end = Date.UTC(year, month, offset);
    if (end >= now) end = Date.UTC(year, month - 1, offset);
    const e = new Date(end);
    return { beginning: Date.UTC(e.getUTCFullYear(), e.getUTCMonth() - 1, offset), ending: end };
  }
  if (kind === 'year') {
    if (offset === 0) offset = 1;
    let end = Date.UTC(year, offset - 1, 1);
    if (end >= now) end = Date.UTC(year - 1, offset - 1, 1);
    return { beginning: Date.UTC(new Date(end).getUTCFullYear() - 1, offset - 1, 1), ending: end };
  }
  if (kind === 'day') {
    let end = Date.UTC(year, month, d.getUTCDate(), offset);
    if (end >= now) end -= 86_400_000;
    return { beginning: end - 86_400_000, ending: end };
  }
  let end = Date.UTC(year, month, d.getUTCDate(), d.getUTCHours(), offset);
  if (end >= now) end -= 3_600_000;
  return { beginning: end - 3_600_000, ending: end };
}

/**
 * `audit_period_bounds`: the last completed period, or with `current`
 * the period in progress (from the last one's end up to now), which
 * instance.update carries.
 */
export function auditPeriodBounds(unit: string, now: number, current: boolean): AuditPeriod {
  const last = lastCompletedAuditPeriod(unit, now);
  return current ? { beginning: last.ending, ending: now } : last;
}

/**
 * Whether an instance was active in a period (Nova's
 * `instance_get_active_by_window_joined`): launched before its end and
 * not terminated before its beginning; deleted instances count.
 */
export function activeInPeriod(
  instance: { readonly launched_at: string | null; readonly terminated_at: string | null },
  period: AuditPeriod,
): boolean {
  if (!instance.launched_at || Date.parse(instance.launched_at) >= period.ending) return false;
  return !instance.terminated_at || Date.parse(instance.terminated_at) > period.beginning;
}
