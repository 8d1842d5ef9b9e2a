/**
 * /os-simple-tenant-usage (Nova's simple_tenant_usage controller): usage
 * of every project (admin) or of one, for `start`..`end`, with
 * `detailed=1` listing each server; paged by limit and marker from 2.40
 * (`tenant_usages_links`); unknown query parameters 400 from 2.75.
 */
import { parseUsageTime, tenantUsages, type UsageQuery } from '../../compute-orchestration/tenant-usage.js';
import type { ApiVersion } from './api-version.js';
import { nextLink } from './links.js';
import { lastValue, parseLimit } from './pagination.js';
import { type ComputeRoute, perVersion, type RouteRequest } from './route-table.js';

const POLICY = 'os_compute_api:os-simple-tenant-usage';

const querySchema = perVersion((v: ApiVersion) => {
  const s = { type: 'array', items: { type: 'string' } };
  return {
    type: 'object',
    properties: {
      start: s,
      end: s,
      detailed: s,
      ...(v.atLeast(2, 40)
        ? { limit: { type: 'array', items: { type: 'string', pattern: '^[0-9]*$' } }, marker: s }
        : {}),
    },
    additionalProperties: !v.atLeast(2, 75),
  };
});

function usageQuery(r: RouteRequest, tenantId: string | null, detailed: boolean): UsageQuery {
  const now = r.deps.clock.now();
  const paged = r.version.atLeast(2, 40);
  return {
    start: parseUsageTime(lastValue(r.query.start), now),
    stop: parseUsageTime(lastValue(r.query.end), now),
    tenantId,
    detailed,
    limit: paged ? parseLimit(r.query.limit, r.deps.maxLimit) : null,
    marker: paged ? (lastValue(r.query.marker) ?? null) : null,
  };
}

export const TENANT_USAGE_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-simple-tenant-usage',
    policy: `${POLICY}:list`,
    query: querySchema,
    summary: 'Usage of every project in a period (detailed=1: per server; paged from 2.40)',
    async handler(r) {
      const q = usageQuery(r, null, lastValue(r.query.detailed) === '1');
      const { usages, instances } = await tenantUsages(r.deps, q);
      const body: Record<string, unknown> = { tenant_usages: usages };
      if (q.limit !== null && instances.length > 0 && instances.length === q.limit) {
        body.tenant_usages_links = [
          nextLink(r.base, 'os-simple-tenant-usage', r.query, instances[instances.length - 1].uuid, q.limit),
        ];
      }
      return { body };
    },
  },
  {
    method: 'GET',
    path: '/os-simple-tenant-usage/:tenant_id',
    policy: `${POLICY}:show`,
    target: (r) => ({ project_id: r.params.tenant_id }),
    query: querySchema,
    summary: "One project's usage in a period, per server",
    async handler(r) {
      const q = usageQuery(r, r.params.tenant_id, true);
      const { usages, instances } = await tenantUsages(r.deps, q);
      const body: Record<string, unknown> = { tenant_usage: usages[0] ?? {} };
      if (q.limit !== null && instances.length > 0 && instances.length === q.limit) {
        body.tenant_usage_links = [
          nextLink(
            r.base,
            `os-simple-tenant-usage/${r.params.tenant_id}`,
            r.query,
            instances[instances.length - 1].uuid,
            q.limit,
          ),
        ];
      }
      return { body };
    },
  },
];
