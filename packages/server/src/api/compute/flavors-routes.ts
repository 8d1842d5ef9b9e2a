/** GET /flavors, /flavors/detail and /flavors/{id} (no policy, as in Nova). */

import type { Flavor } from '@novats/core';
import { InvalidInput } from '@novats/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeApiDeps } from '../../compute-api/compute-api-deps.js';
import { nextLink } from './links.js';
import { lastValue, parseBool, parseLimit } from './pagination.js';
import { stateOf } from './request-state.js';
import { flavorDetail, flavorSummary } from './views/flavor-view.js';

type Query = Record<string, string | string[] | undefined>;

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

export function flavorsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const list = async (q: Query, isAdmin: boolean, projectId: string | null) => {
    const sortDir = lastValue(q.sort_dir);
    if (sortDir && sortDir !== 'asc' && sortDir !== 'desc')
      throw new InvalidInput(`Invalid sort direction: ${sortDir}`);
    const limit = parseLimit(q.limit, deps.maxLimit);
    const flavors = await deps.api.flavors.list({
      is_public: parseIsPublic(q.is_public, isAdmin),
      project_id: isAdmin ? undefined : (projectId ?? undefined),
      min_memory_mb: parseMin(q.minRam, 'minRam'),
      min_root_gb: parseMin(q.minDisk, 'minDisk'),
      sort_key: lastValue(q.sort_key),
      sort_dir: sortDir as 'asc' | 'desc' | undefined,
      limit,
      marker: lastValue(q.marker),
    });
    return { flavors, limit };
  };

  /** GET /flavors and /flavors/detail differ only in the view of each flavor. */
  const listRoute =
    (path: string, view: (f: Flavor, s: ReturnType<typeof stateOf>) => Record<string, unknown>) =>
    async (req: FastifyRequest) => {
      const s = stateOf(req);
      const q = req.query as Query;
      const { flavors, limit } = await list(q, s.ctx.is_admin, s.ctx.project_id);
      const body: Record<string, unknown> = { flavors: flavors.map((f) => view(f, s)) };
      if (flavors.length > 0 && flavors.length === limit) {
        body.flavors_links = [nextLink(s.base, path, q, flavors[flavors.length - 1].flavorid, limit)];
      }
      return body;
    };

  app.get(
    '/flavors',
    listRoute('flavors', (f, s) => flavorSummary(f, s.base, s.version)),
  );
  app.get(
    '/flavors/detail',
    listRoute('flavors/detail', (f, s) => flavorDetail(f, s.base, s.version, true)),
  );

  app.get('/flavors/:flavor_id', async (req) => {
    const s = stateOf(req);
    const flavor = await deps.api.flavors.getByFlavorId((req.params as { flavor_id: string }).flavor_id);
    return { flavor: flavorDetail(flavor, s.base, s.version, true) };
  });
}
