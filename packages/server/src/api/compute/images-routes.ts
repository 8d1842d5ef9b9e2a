/**
 * The deprecated image proxy (GET /images, /images/detail, /images/{id}),
 * served up to microversion 2.35 as Nova does; higher versions get 404.
 */

import type { ImageMeta } from '@novats/core';
import { NotFound } from '@novats/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { resourceLinks } from './links.js';
import { lastValue, parseLimit } from './pagination.js';
import { stateOf } from './request-state.js';
import { isoSeconds } from './views/server-view.js';

function gate(req: FastifyRequest): void {
  if (!stateOf(req).version.atMost(2, 35)) throw new NotFound('The resource could not be found.');
}

function summary(req: FastifyRequest, image: ImageMeta): Record<string, unknown> {
  return { id: image.id, name: image.name, links: resourceLinks(stateOf(req).base, 'images', image.id) };
}

function detail(req: FastifyRequest, image: ImageMeta): Record<string, unknown> {
  return {
    ...summary(req, image),
    status: image.status.toUpperCase(),
    progress: image.status === 'active' ? 100 : 0,
    created: isoSeconds(image.created_at),
    updated: isoSeconds(image.updated_at),
    minDisk: image.min_disk,
    minRam: image.min_ram,
    metadata: { ...image.properties },
    'OS-EXT-IMG-SIZE:size': image.size,
  };
}

export function imagesRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const list = async (req: FastifyRequest) => {
    gate(req);
    const q = req.query as Record<string, string | undefined>;
    return deps.images.list(stateOf(req).ctx, {
      limit: parseLimit(q.limit, deps.maxLimit),
      marker: lastValue(q.marker),
    });
  };
  app.get('/images', async (req) => ({ images: (await list(req)).map((i) => summary(req, i)) }));
  app.get('/images/detail', async (req) => ({ images: (await list(req)).map((i) => detail(req, i)) }));
  app.get('/images/:image_id', async (req) => {
    gate(req);
    const image = await deps.images.show(stateOf(req).ctx, (req.params as { image_id: string }).image_id);
    return { image: detail(req, image) };
  });
}
