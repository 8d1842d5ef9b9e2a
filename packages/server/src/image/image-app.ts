/**
 * The embedded image endpoint (a read-only Glance v2 subset on 9292), so that
 * clients that resolve images through the catalog work against `novats up`.
 * Visibility is the image service's: tokens name the project as in noauth2.
 */

import type { ImageMeta, ImageService } from '@novats/core';
import { isNovaError } from '@novats/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { contextFromNoauthToken } from '../api/compute/noauth2.js';
import { newRequestId } from '../http/request-id.js';

export function glanceImage(image: ImageMeta): Record<string, unknown> {
  return {
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    owner: image.owner,
    container_format: image.container_format,
    disk_format: image.disk_format,
    size: image.size,
    virtual_size: null,
    min_ram: image.min_ram,
    min_disk: image.min_disk,
    protected: false,
    os_hidden: false,
    tags: [],
    created_at: image.created_at,
    updated_at: image.updated_at,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
}

export function createImageApp(images: ImageService): FastifyInstance {
  const app = Fastify({ logger: false });
  app.setErrorHandler((err: Error, _req, reply) => {
    const status = isNovaError(err) ? err.status : 500;
    reply
      .code(status)
      .send({ code: status, title: status === 404 ? 'Not Found' : 'Error', message: err.message });
  });
  const ctxOf = (headers: Record<string, unknown>) =>
    contextFromNoauthToken(headers['x-auth-token'] as string | undefined, undefined, newRequestId());
  app.get('/', async (req, reply) => {
    const base = `${req.protocol}://${req.headers.host}`;
    reply.code(300).send({
      versions: [{ id: 'v2.9', status: 'CURRENT', links: [{ rel: 'self', href: `${base}/v2/` }] }],
    });
  });
  app.get('/v2/images', async (req) => {
    const q = req.query as { limit?: string; marker?: string };
    const list = await images.list(ctxOf(req.headers), {
      limit: q.limit ? Number(q.limit) : undefined,
      marker: q.marker,
    });
    return { images: list.map(glanceImage), first: '/v2/images', schema: '/v2/schemas/images' };
  });
  app.get('/v2/images/:id', async (req) =>
    glanceImage(await images.show(ctxOf(req.headers), (req.params as { id: string }).id)),
  );
  return app;
}
