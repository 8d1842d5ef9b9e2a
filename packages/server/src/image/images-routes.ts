/**
 * /v2/images: create, list (filters, sorting, paging with `next`), show,
 * PATCH with JSON patch, delete, deactivate/reactivate and tags.
 */
import { ImageUnsupportedMediaType } from '@novats/core';
import { PATCH_MEDIA_TYPES, parseImageListQuery } from '@novats/drivers';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextOf, type ImageApiDeps, param } from './image-api-deps.js';
import { imageCreateBody, imagePatchBody } from './image-bodies.js';
import { imageDocument } from './image-view.js';

/** The query string as ordered pairs (repeated keys such as `tag` and `sort_key` kept). */
function queryPairs(req: FastifyRequest): [string, string][] {
  const at = req.url.indexOf('?');
  return at === -1 ? [] : [...new URLSearchParams(req.url.slice(at + 1))];
}

export function imagesRoutes(app: FastifyInstance, deps: ImageApiDeps): void {
  app.get('/v2/images', async (req) => {
    const pairs = queryPairs(req);
    const page = await deps.images.query(contextOf(req), parseImageListQuery(pairs));
    const rest = pairs.filter(([k]) => k !== 'marker');
    const query = new URLSearchParams(rest).toString();
    return {
      images: page.images.map(imageDocument),
      first: query ? `/v2/images?${query}` : '/v2/images',
      schema: '/v2/schemas/images',
      ...(page.nextMarker
        ? { next: `/v2/images?${new URLSearchParams([...rest, ['marker', page.nextMarker]])}` }
        : {}),
    };
  });

  app.post('/v2/images', async (req, reply) => {
    const image = await deps.images.create(contextOf(req), imageCreateBody(req.body));
    reply.code(201).header('location', `${req.protocol}://${req.headers.host}/v2/images/${image.id}`);
    return imageDocument(image);
  });

  app.get('/v2/images/:image_id', async (req) =>
    imageDocument(await deps.images.get(contextOf(req), param(req, 'image_id'))),
  );

  app.patch('/v2/images/:image_id', async (req, reply) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
    const draft = PATCH_MEDIA_TYPES[type];
    if (!draft) {
      reply.header('accept-patch', Object.keys(PATCH_MEDIA_TYPES).sort().join(', '));
      throw new ImageUnsupportedMediaType('The request media type is not supported by this server.');
    }
    const changes = imagePatchBody(req.body, draft);
    return imageDocument(await deps.images.update(contextOf(req), param(req, 'image_id'), changes, draft));
  });

  app.delete('/v2/images/:image_id', async (req, reply) => {
    await deps.images.delete(contextOf(req), param(req, 'image_id'));
    reply.code(204).send();
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(`/v2/images/:image_id/actions/${action}`, async (req, reply) => {
      await deps.images.setActive(contextOf(req), param(req, 'image_id'), active);
      reply.code(204).send();
    });
  }

  app.put('/v2/images/:image_id/tags/:tag', async (req, reply) => {
    await deps.images.addTag(contextOf(req), param(req, 'image_id'), param(req, 'tag'));
    reply.code(204).send();
  });
  app.delete('/v2/images/:image_id/tags/:tag', async (req, reply) => {
    await deps.images.removeTag(contextOf(req), param(req, 'image_id'), param(req, 'tag'));
    reply.code(204).send();
  });
}
