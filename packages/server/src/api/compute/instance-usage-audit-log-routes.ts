/**
 * /os-instance_usage_audit_log (Nova's instance_usage_audit_log
 * controller, admin): the usage audit of the last completed period, and of
 * the last one completed before a time (`YYYY-MM-DD HH:MM:SS[.ffffff]`).
 */
import {
  instanceUsageAuditLog,
  parseBeforeTimestamp,
} from '../../compute-orchestration/instance-usage-audit-log.js';
import type { ComputeRoute } from './route-table.js';

const POLICY = 'os_compute_api:os-instance-usage-audit-log';

export const INSTANCE_USAGE_AUDIT_LOG_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-instance_usage_audit_log',
    policy: `${POLICY}:list`,
    target: () => ({}),
    summary: "The compute hosts' usage audit of the last completed period (task_log)",
    async handler(r) {
      return { body: { instance_usage_audit_logs: await instanceUsageAuditLog(r.deps, null) } };
    },
  },
  {
    method: 'GET',
    path: '/os-instance_usage_audit_log/:before_timestamp',
    policy: `${POLICY}:show`,
    target: () => ({}),
    summary: 'The usage audit of the last period completed before a time (400 for a malformed time)',
    async handler(r) {
      const before = parseBeforeTimestamp(r.params.before_timestamp);
      return { body: { instance_usage_audit_log: await instanceUsageAuditLog(r.deps, before) } };
    },
  },
];
