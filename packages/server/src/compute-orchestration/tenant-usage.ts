/**
 * Nova's simple tenant usage: for a period, every instance that ran in it
 * (launched before its end, not terminated before its start, deleted ones
 * included) is charged the hours it ran inside the period, times its
 * flavor's vCPUs, memory and disk, summed per project. From 2.40 the
 * instances are paged (limit, marker) in created_at order.
 */
import type { Instance } from '@novats/core';
import { InvalidInput } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';

export interface ServerUsage {
  readonly instance_id: string;
  readonly name: string;
  readonly hours: number;
  readonly memory_mb: number;
  readonly local_gb: number;
  readonly vcpus: number;
  readonly tenant_id: string;
  readonly flavor: string;
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly state: string;
  readonly uptime: number;
}

export interface TenantUsage {
  tenant_id: string;
  total_local_gb_usage: number;
  total_vcpus_usage: number;
  total_memory_mb_usage: number;
  total_hours: number;
  start: string;
  stop: string;
  server_usages?: ServerUsage[];
}

const FORMATS = [
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/,
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}$/,
  /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,6}$/,
];

/** Nova's `_parse_datetime`: three naive UTC formats; absent means now. */
export function parseUsageTime(raw: string | undefined, now: number): number {
  if (raw === undefined) return now;
  const ok = FORMATS.some((f) => f.test(raw));
  const ms = ok ? Date.parse(`${raw.replace(' ', 'T').slice(0, 23)}Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidInput('Datetime is in invalid format');
  return ms;
}

/** A naive UTC time as Python's isoformat writes it (microseconds only when non-zero). */
export function pyIso(ms: number): string {
  const iso = new Date(ms).toISOString().replace('Z', '');
  return iso.endsWith('.000') ? iso.slice(0, -4) : `${iso}000`;
}

function hoursFor(i: Instance, start: number, stop: number): number {
  const launched = i.launched_at ? Date.parse(i.launched_at) : null;
  const terminated = i.terminated_at ? Date.parse(i.terminated_at) : null;
  if (terminated !== null && terminated < start) return 0;
  if (launched === null || launched > stop) return 0;
  const end = terminated !== null ? Math.min(stop, terminated) : stop;
  return (end - Math.max(launched, start)) / 3_600_000;
}

function serverUsage(i: Instance, start: number, stop: number, now: number): ServerUsage {
  const launched = i.launched_at ? Date.parse(i.launched_at) : null;
  const ended = i.terminated_at ? Date.parse(i.terminated_at) : null;
  const from = launched ?? now;
  return {
    instance_id: i.uuid,
    name: i.display_name,
    hours: hoursFor(i, start, stop),
    memory_mb: i.flavor.memory_mb,
    local_gb: i.flavor.root_gb + i.flavor.ephemeral_gb,
    vcpus: i.flavor.vcpus,
    tenant_id: i.project_id,
    flavor: i.flavor.name,
    started_at: launched === null ? null : pyIso(launched),
    ended_at: ended === null ? null : pyIso(ended),
    state: ended !== null ? 'terminated' : i.vm_state,
    uptime: Math.trunc(((ended ?? now) - from) / 1000),
  };
}

export interface UsageQuery {
  readonly start: number;
  readonly stop: number;
  readonly tenantId: string | null;
  readonly detailed: boolean;
  readonly limit: number | null;
  readonly marker: string | null;
}

/** The usages per project and the instances of this page (for the next link). */
export async function tenantUsages(
  deps: ComputeApiDeps,
  q: UsageQuery,
): Promise<{ usages: TenantUsage[]; instances: Instance[] }> {
  if (!(q.start < q.stop)) {
    throw new InvalidInput('Invalid start time. The start time cannot occur after the end time.');
  }
  const now = deps.clock.now();
  let all: Instance[] = [];
  for (const { db } of await deps.cells.all()) {
    const rows = await db.instances.list({ project_id: q.tenantId, deleted: true });
    all.push(...rows);
  }
  all = all
    .filter((i) => {
      const launched = i.launched_at ? Date.parse(i.launched_at) : null;
      const terminated = i.terminated_at ? Date.parse(i.terminated_at) : null;
      return launched !== null && launched < q.stop && (terminated === null || terminated > q.start);
    })
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.uuid.localeCompare(b.uuid));
  if (q.marker !== null) {
    const at = all.findIndex((i) => i.uuid === q.marker);
    if (at < 0) throw new InvalidInput(`Marker ${q.marker} could not be found.`);
    all = all.slice(at + 1);
  }
  const page = q.limit === null ? all : all.slice(0, q.limit);
  const byTenant = new Map<string, TenantUsage>();
  for (const i of page) {
    const info = serverUsage(i, q.start, q.stop, now);
    let s = byTenant.get(i.project_id);
    if (!s) {
      s = {
        tenant_id: i.project_id,
        total_local_gb_usage: 0,
        total_vcpus_usage: 0,
        total_memory_mb_usage: 0,
        total_hours: 0,
        start: pyIso(q.start),
        stop: pyIso(q.stop),
        ...(q.detailed ? { server_usages: [] } : {}),
      };
      byTenant.set(i.project_id, s);
    }
    s.total_local_gb_usage += info.local_gb * info.hours;
    s.total_vcpus_usage += info.vcpus * info.hours;
    s.total_memory_mb_usage += info.memory_mb * info.hours;
    s.total_hours += info.hours;
    s.server_usages?.push(info);
  }
  return { usages: [...byTenant.values()], instances: page };
}
