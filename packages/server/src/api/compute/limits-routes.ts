/**
 * GET /limits (everyone; `tenant_id` of another project is admin-only):
 * Nova's absolute limits with the project's usage. NOTE(quota): the limits
 * are Nova's default quotas (there are no quota sets here yet); usage is
 * counted from the project's instances in every cell.
 */
import type { RequestContext } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { lastValue } from './pagination.js';
import { authorize } from './policy.js';
import type { ComputeRoute } from './route-table.js';
import { METADATA_ITEMS_QUOTA } from './server-metadata-routes.js';

/** Nova's `[quota]` defaults. */
export const DEFAULT_QUOTAS = {
  instances: 10,
  cores: 20,
  ram: 51200,
  key_pairs: 100,
  server_groups: 10,
  server_group_members: 10,
  injected_files: 5,
  injected_file_content_bytes: 10240,
  injected_file_path_bytes: 255,
  metadata_items: METADATA_ITEMS_QUOTA,
} as const;

async function usage(deps: ComputeApiDeps, projectId: string) {
  let instances = 0;
  let cores = 0;
  let ram = 0;
  for (const { db } of await deps.cells.all({ includeCell0: true })) {
    for (const i of await db.instances.list({ project_id: projectId })) {
      instances += 1;
      cores += i.flavor.vcpus;
      ram += i.flavor.memory_mb;
    }
  }
  for (const br of await deps.api.buildRequests.list({ project_id: projectId })) {
    instances += 1;
    cores += br.instance.flavor.vcpus;
    ram += br.instance.flavor.memory_mb;
  }
  return { instances, cores, ram };
}

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
      const used = await usage(r.deps, project);
      const q = DEFAULT_QUOTAS;
      const absolute: Record<string, number> = {
        maxTotalRAMSize: q.ram,
        maxTotalInstances: q.instances,
        maxTotalCores: q.cores,
        maxTotalKeypairs: q.key_pairs,
        maxServerMeta: q.metadata_items,
        maxServerGroups: q.server_groups,
        maxServerGroupMembers: q.server_group_members,
        totalRAMUsed: used.ram,
        totalCoresUsed: used.cores,
        totalInstancesUsed: used.instances,
        totalServerGroupsUsed: 0,
      };
      if (!r.version.atLeast(2, 39)) absolute.maxImageMeta = q.metadata_items;
      if (!r.version.atLeast(2, 57)) {
        absolute.maxPersonality = q.injected_files;
        absolute.maxPersonalitySize = q.injected_file_content_bytes;
      }
      if (!r.version.atLeast(2, 36)) {
        Object.assign(absolute, {
          maxTotalFloatingIps: -1,
          maxSecurityGroups: -1,
          maxSecurityGroupRules: -1,
          totalFloatingIpsUsed: 0,
          totalSecurityGroupsUsed: 0,
        });
      }
      return { body: { limits: { rate: [], absolute } } };
    },
  },
];
