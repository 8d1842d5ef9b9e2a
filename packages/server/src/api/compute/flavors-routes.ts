/** GET /flavors, /flavors/detail and /flavors/{id} (no policy, as in Nova). */

import { InvalidInput } from '@novats/core';
import type { FastifyInstance } from 'fastify';
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

  const withLinks = (
    body: Record<string, unknown>,
    path: string,
    q: Query,
    ids: string[],
    limit: number,
    base: Parameters<typeof nextLink>[0],
  ) => {
    if (ids.length > 0 && ids.length === limit)
      body.flavors_links = [nextLink(base, path, q, ids[ids.length - 1], limit)];
    return body;
  };

  app.get('/flavors', async (req) => {
    const s = stateOf(req);
    const q = req.query as Query;
    const { flavors, limit } = await list(q, s.ctx.is_admin, s.ctx.project_id);
    const body = { flavors: flavors.map((f) => flavorSummary(f, s.base, s.version)) };
    return withLinks(
      body,
      'flavors',
      q,
      flavors.map((f) => f.flavorid),
      limit,
      s.base,
    );
  });

  app.get('/flavors/detail', async (req) => {
    const s = stateOf(req);
    const q = req.query as Query;
    const { flavors, limit } = await list(q, s.ctx.is_admin, s.ctx.project_id);
    const body = { flavors: flavors.map((f) => flavorDetail(f, s.base, s.version, true)) };
    return withLinks(
      body,
      'flavors/detail',
      q,
      flavors.map((f) => f.flavorid),
      limit,
      s.base,
    );
  });

  app.get('/flavors/:flavor_id', async (req) => {
    const s = stateOf(req);
    const flavor = await deps.api.flavors.getByFlavorId((req.params as { flavor_id: string }).flavor_id);
    return { flavor: flavorDetail(flavor, s.base, s.version, true) };
  });
}
