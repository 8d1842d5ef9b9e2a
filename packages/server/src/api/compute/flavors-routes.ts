/** GET /flavors, /flavors/detail and /flavors/{id} (no policy, as in Nova). */

import type { Flavor } from '@novats/core';
import { InvalidInput } from '@novats/core';
import { nextLink } from './links.js';
import { lastValue, parseBool, parseLimit } from './pagination.js';
import type { ComputeRoute, Query, RouteRequest } from './route-table.js';
import { flavorDetail, flavorSummary } from './views/flavor-view.js';

function parseIsPublic(raw: unknown, isAdmin: boolean): boolean | null {
  const v = lastValue(raw);
  if (!isAdmin) return true;
  if (v === undefined) return true;
  if (/^none$/i.test(v) || /^all$/i.test(v)) return null;
  const b = parseBool(v);
  return b === undefined ? true : b;
}

function parseMin(raw: unknown, name: string): number | undefined {
  const v = lastValue(raw);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new InvalidInput(`Invalid ${name} filter [${v}]`);
  return Number(v);
}

async function listFlavors(
  r: RouteRequest,
  path: string,
  view: (f: Flavor) => Record<string, unknown>,
): Promise<{ body: Record<string, unknown> }> {
  const q: Query = r.query;
  const sortDir = lastValue(q.sort_dir);
  if (sortDir && sortDir !== 'asc' && sortDir !== 'desc')
    throw new InvalidInput(`Invalid sort direction: ${sortDir}`);
  const limit = parseLimit(q.limit, r.deps.maxLimit);
  const isAdmin = r.ctx.is_admin;
  const flavors = await r.deps.api.flavors.list({
    is_public: parseIsPublic(q.is_public, isAdmin),
    project_id: isAdmin ? undefined : (r.ctx.project_id ?? undefined),
    min_memory_mb: parseMin(q.minRam, 'minRam'),
    min_root_gb: parseMin(q.minDisk, 'minDisk'),
    sort_key: lastValue(q.sort_key),
    sort_dir: sortDir as 'asc' | 'desc' | undefined,
    limit,
    marker: lastValue(q.marker),
  });
  const body: Record<string, unknown> = { flavors: flavors.map(view) };
  if (flavors.length > 0 && flavors.length === limit) {
    body.flavors_links = [nextLink(r.base, path, q, flavors[flavors.length - 1].flavorid, limit)];
  }
  return { body };
}

/** GET /flavors, /flavors/detail and /flavors/{id}: no policy, as in Nova. */
export const FLAVORS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/flavors',
    policy: null,
    summary: 'List flavors (id, name, links; description from 2.55)',
    handler: (r) => listFlavors(r, 'flavors', (f) => flavorSummary(f, r.base, r.version)),
  },
  {
    method: 'GET',
    path: '/flavors/detail',
    policy: null,
    summary: 'List flavors with details',
    handler: (r) => listFlavors(r, 'flavors/detail', (f) => flavorDetail(f, r.base, r.version, true)),
  },
  {
    method: 'GET',
    path: '/flavors/:flavor_id',
    policy: null,
    summary: 'Show a flavor',
    async handler(r) {
      const flavor = await r.deps.api.flavors.getByFlavorId(r.params.flavor_id);
      return { body: { flavor: flavorDetail(flavor, r.base, r.version, true) } };
    },
  },
];
