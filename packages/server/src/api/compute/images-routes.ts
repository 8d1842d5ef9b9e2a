/**
 * The deprecated image proxy (GET /images, /images/detail, /images/{id},
 * DELETE /images/{id}, /images/{id}/metadata[/{key}]), served up to
 * microversion 2.35 (metadata up to 2.38) as Nova does; higher versions get
 * 404. Every call goes through the ImageService with the caller's context,
 * so Glance's access rules apply: what the caller may not see is "Image not
 * found.", what it may not delete is 403.
 */

import type { ImageMeta, RequestContext } from '@novats/core';
import { Forbidden, InvalidInput, isNovaError, NotFound } from '@novats/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { resourceLinks } from './links.js';
import { lastValue, parseLimit } from './pagination.js';
import { stateOf } from './request-state.js';
import { isoSeconds } from './views/server-view.js';

function gate(req: FastifyRequest, maxMinor = 35): void {
  if (!stateOf(req).version.atMost(2, maxMinor)) throw new NotFound('The resource could not be found.');
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

/** Nova's SUPPORTED_FILTERS, as its Glance v2 client turns them into Glance's. */
function glanceFilters(q: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const name = lastValue(q.name);
  const status = lastValue(q.status);
  const since = lastValue(q['changes-since']);
  const server = lastValue(q.server);
  const type = lastValue(q.type);
  if (name !== undefined) out.name = name;
  if (status !== undefined) out.status = status.toLowerCase();
  if (since !== undefined) out.updated_at = `gte:${since}`;
  if (server !== undefined) out.instance_uuid = server;
  if (type !== undefined) out.image_type = type;
  return out;
}

/** The image, or Nova's 404 "Image not found." when missing or not visible. */
async function showImage(deps: ComputeApiDeps, ctx: RequestContext, id: string): Promise<ImageMeta> {
  try {
    return await deps.images.show(ctx, id);
  } catch (err) {
    if (isNovaError(err) && err.status === 404) throw new NotFound('Image not found.');
    throw err;
  }
}

/** Nova's metadata body check: an object of string values, keys of 1 to 255 characters. */
function metadataOf(body: unknown, field: 'metadata' | 'meta'): Record<string, string> {
  const value = (body as Record<string, unknown> | null)?.[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidInput(`Invalid input for field/attribute ${field}.`);
  for (const [k, v] of Object.entries(value)) {
    if (k.length < 1 || k.length > 255 || typeof v !== 'string' || v.length > 255)
      throw new InvalidInput(`Invalid input for field/attribute ${field}. Value: ${JSON.stringify(value)}.`);
  }
  return value as Record<string, string>;
}

/** A property change through the ImageService with Nova's faults. */
async function changeImage(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  id: string,
  change: { set?: Record<string, string>; remove?: string[] },
): Promise<ImageMeta> {
  try {
    return await deps.images.updateProperties(ctx, id, change);
  } catch (err) {
    if (isNovaError(err) && err.status === 404) throw new NotFound('Image not found.');
    if (isNovaError(err) && err.status === 403) throw new Forbidden(`Not authorized for image ${id}.`);
    throw err;
  }
}

export function imagesRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const list = async (req: FastifyRequest) => {
    gate(req);
    const q = req.query as Record<string, unknown>;
    return deps.images.list(stateOf(req).ctx, {
      limit: parseLimit(q.limit, deps.maxLimit),
      marker: lastValue(q.marker),
      filters: glanceFilters(q),
    });
  };
  const imageId = (req: FastifyRequest) => (req.params as { image_id: string }).image_id;
  app.get('/images', async (req) => ({ images: (await list(req)).map((i) => summary(req, i)) }));
  app.get('/images/detail', async (req) => ({ images: (await list(req)).map((i) => detail(req, i)) }));
  app.get('/images/:image_id', async (req) => {
    gate(req);
    return { image: detail(req, await showImage(deps, stateOf(req).ctx, imageId(req))) };
  });
  app.delete('/images/:image_id', async (req, reply) => {
    gate(req);
    try {
      await deps.images.delete(stateOf(req).ctx, imageId(req));
    } catch (err) {
      if (isNovaError(err) && err.status === 404) throw new NotFound('Image not found.');
      if (isNovaError(err) && err.status === 403)
        throw new Forbidden('You are not allowed to delete the image.');
      throw err;
    }
    reply.code(204).send();
  });
  app.get('/images/:image_id/metadata', async (req) => {
    gate(req, 38);
    return { metadata: { ...(await showImage(deps, stateOf(req).ctx, imageId(req))).properties } };
  });
  app.get('/images/:image_id/metadata/:key', async (req) => {
    gate(req, 38);
    const key = (req.params as { key: string }).key;
    const image = await showImage(deps, stateOf(req).ctx, imageId(req));
    if (!Object.hasOwn(image.properties, key)) throw new NotFound('The resource could not be found.');
    return { meta: { [key]: image.properties[key] } };
  });

  app.post('/images/:image_id/metadata', async (req) => {
    gate(req, 38);
    const image = await changeImage(deps, stateOf(req).ctx, imageId(req), {
      set: metadataOf(req.body, 'metadata'),
    });
    return { metadata: { ...image.properties } };
  });
  app.put('/images/:image_id/metadata', async (req) => {
    gate(req, 38);
    const metadata = metadataOf(req.body, 'metadata');
    const ctx = stateOf(req).ctx;
    const current = await showImage(deps, ctx, imageId(req));
    const remove = Object.keys(current.properties).filter((k) => !(k in metadata));
    await changeImage(deps, ctx, imageId(req), { set: metadata, remove });
    return { metadata };
  });
  app.put('/images/:image_id/metadata/:key', async (req) => {
    gate(req, 38);
    const key = (req.params as { key: string }).key;
    const meta = metadataOf(req.body, 'meta');
    if (Object.keys(meta).length > 1) throw new InvalidInput('Request body contains too many items');
    if (!(key in meta)) throw new InvalidInput('Request body and URI mismatch');
    await changeImage(deps, stateOf(req).ctx, imageId(req), { set: meta });
    return { meta };
  });
  app.delete('/images/:image_id/metadata/:key', async (req, reply) => {
    gate(req, 38);
    const key = (req.params as { key: string }).key;
    const ctx = stateOf(req).ctx;
    const image = await showImage(deps, ctx, imageId(req));
    if (!Object.hasOwn(image.properties, key)) throw new NotFound('Invalid metadata key');
    await changeImage(deps, ctx, imageId(req), { remove: [key] });
    reply.code(204).send();
  });
}
