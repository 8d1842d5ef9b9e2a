/**
 * The Glance client's writes that createImage / createBackup use: POST
 * /v2/images with the image document at the top level, and PUT
 * /v2/images/{id}/file streaming the bytes, with Glance's 403 and 413
 * turned into Nova's typed errors.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestContext } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlanceImageService } from './glance-image-service.js';

const ctx: RequestContext = {
  request_id: 'req-1',
  user_id: 'u',
  project_id: 'p1',
  roles: [],
  is_admin: false,
  auth_token: 'tok',
};

describe('GlanceImageService writes', () => {
  let server: Server;
  let glance: GlanceImageService;
  const received: { method: string; url: string; type: string | undefined; token: unknown; body: Buffer }[] =
    [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          type: req.headers['content-type'],
          token: req.headers['x-auth-token'],
          body,
        });
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST') {
          const doc = JSON.parse(body.toString());
          if (doc.visibility === 'public') {
            res.statusCode = 403;
            return res.end(
              JSON.stringify({ message: 'You are not authorized to complete publicize_image action.' }),
            );
          }
          res.statusCode = 201;
          return res.end(
            JSON.stringify({
              ...doc,
              id: 'new-1',
              status: 'queued',
              owner: 'p1',
              size: null,
              created_at: '2026-01-01T00:00:00Z',
              updated_at: '2026-01-01T00:00:00Z',
            }),
          );
        }
        if (req.method === 'PUT' && req.url === '/v2/images/new-1/file') {
          res.statusCode = 204;
          return res.end();
        }
        if (req.method === 'PUT' && req.url === '/v2/images/big/file') {
          res.statusCode = 413;
          return res.end(JSON.stringify({ message: 'Image exceeds the storage quota.<br /><br />' }));
        }
        res.statusCode = 404;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    glance = new GlanceImageService({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('creates a queued image from a flat Glance document', async () => {
    const image = await glance.create(ctx, {
      name: 'snap',
      visibility: 'private',
      image_type: 'snapshot',
      min_ram: 64,
    });
    expect(image).toMatchObject({ id: 'new-1', status: 'queued', properties: { image_type: 'snapshot' } });
    const sent = received.at(-1);
    expect(sent).toMatchObject({ method: 'POST', url: '/v2/images', type: 'application/json', token: 'tok' });
    expect(JSON.parse(String(sent?.body))).toEqual({
      name: 'snap',
      visibility: 'private',
      image_type: 'snapshot',
      min_ram: 64,
    });
  });

  it('streams the data with PUT /file', async () => {
    async function* chunks() {
      yield new TextEncoder().encode('disk ');
      yield new TextEncoder().encode('bytes');
    }
    await glance.upload(ctx, 'new-1', chunks());
    const sent = received.at(-1);
    expect(sent).toMatchObject({
      method: 'PUT',
      url: '/v2/images/new-1/file',
      type: 'application/octet-stream',
    });
    expect(String(sent?.body)).toBe('disk bytes');
  });

  it("turns Glance's 403, 413 and 404 into typed errors", async () => {
    await expect(glance.create(ctx, { name: 'x', visibility: 'public' })).rejects.toMatchObject({
      status: 403,
      message: 'You are not authorized to complete publicize_image action.',
    });
    const empty = (async function* () {})();
    await expect(glance.upload(ctx, 'big', empty)).rejects.toMatchObject({
      status: 413,
      code: 'image.size_limit_exceeded',
    });
    await expect(glance.upload(ctx, 'gone', (async function* () {})())).rejects.toMatchObject({
      code: 'compute.image.not_found',
    });
  });
});
