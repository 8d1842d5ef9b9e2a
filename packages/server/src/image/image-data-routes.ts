/**
 * /v2/images/{id}/file: upload (PUT, `application/octet-stream`, streamed
 * to the store, never buffered) and download with Glance's headers:
 * `Content-MD5` (the checksum) and `Content-Length`; 204 when there is no data.
 */
import type { Readable } from 'node:stream';
import { ImageUnsupportedMediaType } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import { contextOf, type ImageApiDeps, param } from './image-api-deps.js';

export function imageDataRoutes(app: FastifyInstance, deps: ImageApiDeps): void {
  app.put('/v2/images/:image_id/file', async (req, reply) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
    if (type !== 'application/octet-stream')
      throw new ImageUnsupportedMediaType(`Content type ${type || 'None'} not supported`);
    const length = req.headers['content-length'];
    await deps.images.upload(
      contextOf(req),
      param(req, 'image_id'),
      req.body as Readable,
      length === undefined ? undefined : Number(length),
    );
    reply.code(204).send();
  });

  app.get('/v2/images/:image_id/file', async (req, reply) => {
    const { image, data } = await deps.images.openData(contextOf(req), param(req, 'image_id'));
    if (!data) return reply.code(204).send();
    reply.header('content-type', 'application/octet-stream').header('content-length', String(data.size));
    if (image.checksum) reply.header('content-md5', image.checksum);
    return reply.send(data.stream);
  });
}
