/**
 * `host_status` of servers (2.16, Nova's compute API
 * `get_instance_host_status`): UP, DOWN (forced down), MAINTENANCE
 * (disabled), UNKNOWN (no heartbeat) or "" without a host. Shown to callers
 * allowed `servers:show:host_status`; with only `...:unknown-only`, shown
 * when it is UNKNOWN.
 */
import type { Instance, RequestContext } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { COMPUTE_BINARY, ServicesApi } from '../../compute-orchestration/services-api.js';
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
  const byHost = new Map<string, string>();
  for (const l of await new ServicesApi(deps).list({ binary: COMPUTE_BINARY })) {
    const s = l.service;
    byHost.set(s.host, s.forced_down ? 'DOWN' : s.disabled ? 'MAINTENANCE' : l.up ? 'UP' : 'UNKNOWN');
  }
  for (const { i, unknownOnly } of visible) {
    const status = i.host ? (byHost.get(i.host) ?? '') : '';
    if (!unknownOnly || status === 'UNKNOWN') out.set(i.uuid, status);
  }
  return out;
}
