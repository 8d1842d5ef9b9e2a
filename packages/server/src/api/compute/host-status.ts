/**
 * `host_status` of servers (2.16, Nova's compute API
 * `get_instance_host_status`): UP, DOWN (forced down), MAINTENANCE
 * (disabled), UNKNOWN (no heartbeat) or "" without a host. Shown to callers
 * allowed `servers:show:host_status`; with only `...:unknown-only`, shown
 * when it is UNKNOWN.
 */
import type { Instance, RequestContext } from '@novats/core';
import { isServiceUp } from '../../cells/service-liveness.js';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { COMPUTE_BINARY } from '../../compute-orchestration/services-api.js';
import type { ApiVersion } from './api-version.js';
import { isAllowed } from './policy.js';

const RULE = 'os_compute_api:servers:show:host_status';

/** The host_status to show per instance uuid; absent keys mean "omit the field". */
export async function hostStatuses(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  version: ApiVersion,
  instances: readonly Instance[],
): Promise<ReadonlyMap<string, string>> {
  const out = new Map<string, string>();
  if (!version.atLeast(2, 16) || instances.length === 0) return out;
  // NOTE(perf): the target is only the project, so the verdict is evaluated once per project, not per server.
  const verdicts = new Map<string, 'all' | 'unknown-only' | 'none'>();
  const verdictFor = (projectId: string) => {
    let v = verdicts.get(projectId);
    if (v === undefined) {
      const target = { project_id: projectId };
      v = isAllowed(deps.policy, ctx, RULE, target)
        ? 'all'
        : isAllowed(deps.policy, ctx, `${RULE}:unknown-only`, target)
          ? 'unknown-only'
          : 'none';
      verdicts.set(projectId, v);
    }
    return v;
  };
  const visible: { i: Instance; unknownOnly: boolean }[] = [];
  for (const i of instances) {
    const v = verdictFor(i.project_id);
    if (v !== 'none') visible.push({ i, unknownOnly: v === 'unknown-only' });
  }
  if (visible.length === 0) return out;
  const byHost = await computeHostStatuses(
    deps,
    new Set(visible.flatMap(({ i }) => (i.host ? [i.host] : []))),
  );
  for (const { i, unknownOnly } of visible) {
    const status = i.host ? (byHost.get(i.host) ?? '') : '';
    if (!unknownOnly || status === 'UNKNOWN') out.set(i.uuid, status);
  }
  return out;
}

/**
 * UP/DOWN/MAINTENANCE/UNKNOWN of the nova-compute service of each host, from
 * every answering cell. NOTE(perf): only the services table is read (no zones,
 * so no aggregates), none at all when no server has a host, and only the one
 * host's row for a single server's show, as Nova's get_by_compute_host.
 */
async function computeHostStatuses(
  deps: ComputeApiDeps,
  hosts: ReadonlySet<string>,
): Promise<Map<string, string>> {
  const byHost = new Map<string, string>();
  if (hosts.size === 0) return byHost;
  const filter = { binary: COMPUTE_BINARY, host: hosts.size === 1 ? [...hosts][0] : undefined };
  for (const { db } of await deps.cells.allSettled()) {
    const services = db ? await db.services.list(filter).catch(() => null) : null;
    for (const s of services ?? []) {
      const up = isServiceUp(s, deps.clock, deps.serviceDownTime);
      byHost.set(s.host, s.forced_down ? 'DOWN' : s.disabled ? 'MAINTENANCE' : up ? 'UP' : 'UNKNOWN');
    }
  }
  return byHost;
}
