/**
 * GET /limits (everyone; `tenant_id` of another project is admin-only):
 * Nova's absolute limits from the project's quotas (quota-engine.ts) with
 * its usage: instances, cores and ram counted in build requests and every
 * cell, server groups in the API database.
 */
import type { RequestContext } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { detailQuotas } from '../../compute-orchestration/quota-sets-api.js';
import { lastValue } from './pagination.js';
import { authorize } from './policy.js';
import type { ComputeRoute } from './route-table.js';

function projectOf(ctx: RequestContext, deps: ComputeApiDeps, tenant: string | undefined): string {
  if (tenant === undefined || tenant === ctx.project_id) return ctx.project_id as string;
  authorize(deps.policy, ctx, 'os_compute_api:limits:other_project', { project_id: tenant });
  return tenant;
}

export const LIMITS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/limits',
    policy: 'os_compute_api:limits',
    summary: 'Absolute limits and usage (rate is always [])',
    async handler(r) {
      const project = projectOf(r.ctx, r.deps, lastValue(r.query.tenant_id));
      const q = await detailQuotas(r.deps, project);
      const absolute: Record<string, number> = {
        maxTotalRAMSize: q.ram.limit,
        maxTotalInstances: q.instances.limit,
        maxTotalCores: q.cores.limit,
        maxTotalKeypairs: q.key_pairs.limit,
        maxServerMeta: q.metadata_items.limit,
        maxServerGroups: q.server_groups.limit,
        maxServerGroupMembers: q.server_group_members.limit,
        totalRAMUsed: q.ram.in_use,
        totalCoresUsed: q.cores.in_use,
        totalInstancesUsed: q.instances.in_use,
        totalServerGroupsUsed: q.server_groups.in_use,
      };
      if (!r.version.atLeast(2, 39)) absolute.maxImageMeta = q.metadata_items.limit;
      if (!r.version.atLeast(2, 57)) {
        absolute.maxPersonality = q.injected_files.limit;
        absolute.maxPersonalitySize = q.injected_file_content_bytes.limit;
      }
      if (!r.version.atLeast(2, 36)) {
        Object.assign(absolute, {
          maxTotalFloatingIps: q.floating_ips.limit,
          maxSecurityGroups: q.security_groups.limit,
          maxSecurityGroupRules: q.security_group_rules.limit,
          totalFloatingIpsUsed: q.floating_ips.in_use,
          totalSecurityGroupsUsed: q.security_groups.in_use,
        });
      }
      return { body: { limits: { rate: [], absolute } } };
    },
  },
];
