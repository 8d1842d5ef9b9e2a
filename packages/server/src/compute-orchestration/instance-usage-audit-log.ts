/**
 * os-instance_usage_audit_log (Nova's InstanceUsageAuditLogController):
 * how far the compute hosts got with the usage audit of the last completed
 * period before a time, from the cells' task_log rows and the compute
 * services. Nova reads the one cell database nova-api is configured with;
 * Novats reads every cell that answers (a cell that does not answer leaves
 * its hosts "not run").
 */
import type { TaskLog } from '@novats/core';
import { INSTANCE_USAGE_AUDIT_TASK, InvalidInput, lastCompletedAuditPeriod } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { COMPUTE_BINARY, ServicesApi } from './services-api.js';

export interface InstanceUsageAuditLog {
  readonly hosts_not_run: string[];
  readonly log: Record<string, { state: string; instances: number; errors: number; message: string }>;
  readonly num_hosts: number;
  readonly num_hosts_done: number;
  readonly num_hosts_not_run: number;
  readonly num_hosts_running: number;
  readonly overall_status: string;
  readonly period_beginning: string;
  readonly period_ending: string;
  readonly total_errors: number;
  readonly total_instances: number;
}

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$/;

/**
 * Nova's show parses `%Y-%m-%d %H:%M:%S` (with `.%f` when there is a dot),
 * a UTC time; anything else is 400 "Invalid timestamp for date ...".
 */
export function parseBeforeTimestamp(id: string): number {
  const m = TIMESTAMP.exec(id);
  const invalid = () => new InvalidInput(`Invalid timestamp for date ${id}`);
  if (!m) throw invalid();
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  // NOTE(nova): strptime refuses a day or hour out of range; Date.UTC would roll it over.
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  )
    throw invalid();
  return t;
}

/** Python's str() of a naive datetime: `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
function pythonTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return ms % 1000 === 0 ? base : `${base}.${iso.slice(20, 23)}000`;
}

/** The audit log of the last period completed before `before` (ms; now when null). */
export async function instanceUsageAuditLog(
  deps: ComputeApiDeps,
  before: number | null,
): Promise<InstanceUsageAuditLog> {
  const period = lastCompletedAuditPeriod(
    deps.instanceUsageAuditPeriod ?? 'month',
    before ?? deps.clock.now(),
  );
  const taskLogs: TaskLog[] = [];
  for (const { db } of await deps.cells.allSettled()) {
    const rows = await db?.taskLogs
      .listForPeriod(INSTANCE_USAGE_AUDIT_TASK, period.beginning, period.ending)
      .catch(() => null);
    if (rows) taskLogs.push(...rows);
  }
  // NOTE(nova): every compute service counts, disabled ones too: they can have instances.
  const { services, downComputeHosts } = await new ServicesApi(deps).listAcrossCells({
    binary: COMPUTE_BINARY,
  });
  const hosts = new Set([...services.map((s) => s.service.host), ...downComputeHosts]);
  const seen = new Set<string>();
  const done = new Set<string>();
  const running = new Set<string>();
  let totalErrors = 0;
  let totalItems = 0;
  const log: InstanceUsageAuditLog['log'] = {};
  for (const t of taskLogs) {
    seen.add(t.host);
    if (t.state === 'DONE') done.add(t.host);
    if (t.state === 'RUNNING') running.add(t.host);
    totalErrors += t.errors;
    totalItems += t.task_items;
    log[t.host] = { state: t.state, instances: t.task_items, errors: t.errors, message: t.message };
  }
  const notRun = [...hosts].filter((h) => !seen.has(h)).sort();
  const doneText = done.size === hosts.size ? 'ALL' : `${done.size} of ${hosts.size}`;
  return {
    period_beginning: pythonTime(period.beginning),
    period_ending: pythonTime(period.ending),
    num_hosts: hosts.size,
    num_hosts_done: done.size,
    num_hosts_running: running.size,
    num_hosts_not_run: notRun.length,
    hosts_not_run: notRun,
    total_instances: totalItems,
    total_errors: totalErrors,
    overall_status: `${doneText} hosts done. ${totalErrors} errors.`,
    log,
  };
}
