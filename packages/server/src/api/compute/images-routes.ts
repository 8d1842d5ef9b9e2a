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
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { type LinkBase, resourceLinks } from './links.js';
import { lastValue, parseLimit } from './pagination.js';
import type { ComputeRoute, RouteRequest } from './route-table.js';
import { isoSeconds } from './views/server-view.js';

function summary(base: LinkBase, image: ImageMeta): Record<string, unknown> {
  return { id: image.id, name: image.name, links: resourceLinks(base, 'images', image.id) };
}

function detail(base: LinkBase, image: ImageMeta): Record<string, unknown> {
  return {
    ...summary(base, image),
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

const proxy = { max: '2.35', policy: null } as const;
const meta = { max: '2.38', policy: null } as const;

function list(r: RouteRequest) {
  return r.deps.images.list(r.ctx, {
    limit: parseLimit(r.query.limit, r.deps.maxLimit),
    marker: lastValue(r.query.marker),
    filters: glanceFilters(r.query),
  });
}

export const IMAGES_ROUTES: readonly ComputeRoute[] = [
  {
    ...proxy,
    method: 'GET',
    path: '/images',
    summary: 'Image proxy: list images (id, name, links)',
    async handler(r) {
      return { body: { images: (await list(r)).map((i) => summary(r.base, i)) } };
    },
  },
  {
    ...proxy,
    method: 'GET',
    path: '/images/detail',
    summary: 'Image proxy: list images with details',
    async handler(r) {
      return { body: { images: (await list(r)).map((i) => detail(r.base, i)) } };
    },
  },
  {
    ...proxy,
    method: 'GET',
    path: '/images/:image_id',
    summary: 'Image proxy: show an image',
    async handler(r) {
      return { body: { image: detail(r.base, await showImage(r.deps, r.ctx, r.params.image_id)) } };
    },
  },
  {
    ...proxy,
    method: 'DELETE',
    path: '/images/:image_id',
    status: 204,
    summary: 'Image proxy: delete an image',
    async handler(r) {
      try {
        await r.deps.images.delete(r.ctx, r.params.image_id);
      } catch (err) {
        if (isNovaError(err) && err.status === 404) throw new NotFound('Image not found.');
        if (isNovaError(err) && err.status === 403)
          throw new Forbidden('You are not allowed to delete the image.');
        throw err;
      }
      return {};
    },
  },
  {
    ...meta,
    method: 'GET',
    path: '/images/:image_id/metadata',
    summary: "Image proxy: an image's properties",
    async handler(r) {
      return { body: { metadata: { ...(await showImage(r.deps, r.ctx, r.params.image_id)).properties } } };
    },
  },
  {
    ...meta,
    method: 'GET',
    path: '/images/:image_id/metadata/:key',
    summary: 'Image proxy: one property',
    async handler(r) {
      const { key } = r.params;
      const image = await showImage(r.deps, r.ctx, r.params.image_id);
      if (!Object.hasOwn(image.properties, key)) throw new NotFound('The resource could not be found.');
      return { body: { meta: { [key]: image.properties[key] } } };
    },
  },
  {
    ...meta,
    method: 'POST',
    path: '/images/:image_id/metadata',
    summary: 'Image proxy: add or change properties',
    async handler(r) {
      const image = await changeImage(r.deps, r.ctx, r.params.image_id, {
        set: metadataOf(r.body, 'metadata'),
      });
      return { body: { metadata: { ...image.properties } } };
    },
  },
  {
    ...meta,
    method: 'PUT',
    path: '/images/:image_id/metadata',
    summary: 'Image proxy: replace all properties',
    async handler(r) {
      const metadata = metadataOf(r.body, 'metadata');
      const current = await showImage(r.deps, r.ctx, r.params.image_id);
      const remove = Object.keys(current.properties).filter((k) => !(k in metadata));
      await changeImage(r.deps, r.ctx, r.params.image_id, { set: metadata, remove });
      return { body: { metadata } };
    },
  },
  {
    ...meta,
    method: 'PUT',
    path: '/images/:image_id/metadata/:key',
    summary: 'Image proxy: set one property',
    async handler(r) {
      const { key } = r.params;
      const m = metadataOf(r.body, 'meta');
      if (Object.keys(m).length > 1) throw new InvalidInput('Request body contains too many items');
      if (!(key in m)) throw new InvalidInput('Request body and URI mismatch');
      await changeImage(r.deps, r.ctx, r.params.image_id, { set: m });
      return { body: { meta: m } };
    },
  },
  {
    ...meta,
    method: 'DELETE',
    path: '/images/:image_id/metadata/:key',
    status: 204,
    summary: 'Image proxy: delete one property',
    async handler(r) {
      const { key } = r.params;
      const image = await showImage(r.deps, r.ctx, r.params.image_id);
      if (!Object.hasOwn(image.properties, key)) throw new NotFound('Invalid metadata key');
      await changeImage(r.deps, r.ctx, r.params.image_id, { remove: [key] });
      return {};
    },
  },
];
