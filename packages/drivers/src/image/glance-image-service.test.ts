import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestContext } from '@novats/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlanceImageService, imageMetaFromGlance } from './glance-image-service.js';

const doc = {
  id: 'img-1',
  name: 'debian',
  status: 'active',
  visibility: 'public',
  owner: 'p1',
  container_format: 'bare',
  disk_format: 'raw',
  size: 1024,
  virtual_size: null,
  min_ram: 256,
  min_disk: 2,
  protected: false,
  tags: [],
  hw_disk_bus: 'virtio',
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
  self: '/v2/images/img-1',
};

const ctx: RequestContext = {
  request_id: 'req-9',
  user_id: 'u',
  project_id: 'p1',
  roles: [],
  is_admin: false,
  auth_token: 'tok',
};

describe('GlanceImageService', () => {
  let server: Server;
  let endpoint: string;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'DELETE') {
        res.statusCode = req.url === '/v2/images/img-1' ? 204 : req.url === '/v2/images/prot' ? 403 : 404;
        const message = 'Image prot is protected and cannot be deleted.<br /><br />\n\n\n';
        return res.end(
          res.statusCode === 403
            ? JSON.stringify({ message, code: '403 Forbidden', title: 'Forbidden' })
            : '',
        );
      }
      if (req.url === '/v2/images?name=paged')
        return res.end(JSON.stringify({ images: [doc], next: '/v2/images?name=paged&marker=img-1' }));
      if (req.url === '/v2/images?name=paged&marker=img-1')
        return res.end(JSON.stringify({ images: [{ ...doc, id: 'img-2' }] }));
      if (req.url === '/v2/images/img-1') return res.end(JSON.stringify(doc));
      if (req.url?.startsWith('/v2/images?') || req.url === '/v2/images')
        return res.end(JSON.stringify({ images: [doc] }));
      if (req.url === '/v2/images/broken') {
        res.statusCode = 500;
        return res.end('{}');
      }
      res.statusCode = 404;
      res.end('{"code":404}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('shows an image, forwarding the token, and folds extra keys into properties', async () => {
    const glance = new GlanceImageService({ endpoint });
    await expect(glance.show(ctx, 'img-1')).resolves.toEqual({
      id: 'img-1',
      name: 'debian',
      status: 'active',
      visibility: 'public',
      owner: 'p1',
      container_format: 'bare',
      disk_format: 'raw',
      size: 1024,
      min_ram: 256,
      min_disk: 2,
      properties: { hw_disk_bus: 'virtio' },
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-02T00:00:00Z',
    });
    expect(seen.at(-1)?.headers['x-auth-token']).toBe('tok');
    expect(seen.at(-1)?.headers['x-openstack-request-id']).toBe('req-9');
  });

  it('lists with limit and marker, using the service token when the context has none', async () => {
    const glance = new GlanceImageService({ endpoint, token: 'service' });
    const list = await glance.list({ ...ctx, auth_token: null }, { limit: 5, marker: 'm1' });
    expect(list.map((i) => i.id)).toEqual(['img-1']);
    expect(seen.at(-1)).toMatchObject({
      url: '/v2/images?limit=5&marker=m1',
      headers: { 'x-auth-token': 'service' },
    });
  });

  it('maps 404 to ImageNotFound, other failures to ServiceUnavailable', async () => {
    const glance = new GlanceImageService({ endpoint });
    await expect(glance.show(ctx, 'missing')).rejects.toMatchObject({ code: 'compute.image.not_found' });
    await expect(glance.show(ctx, 'broken')).rejects.toMatchObject({ status: 503 });
    const down = new GlanceImageService({ endpoint: 'http://127.0.0.1:1' });
    await expect(down.show(ctx, 'img-1')).rejects.toMatchObject({ status: 503 });
  });

  it('follows next links when no limit is given, passing filters through', async () => {
    const glance = new GlanceImageService({ endpoint });
    const list = await glance.list(ctx, { filters: { name: 'paged' } });
    expect(list.map((i) => i.id)).toEqual(['img-1', 'img-2']);
  });

  it('deletes with the caller token; 404 is ImageNotFound, 403 keeps Glance explanation', async () => {
    const glance = new GlanceImageService({ endpoint });
    await expect(glance.delete(ctx, 'img-1')).resolves.toBeUndefined();
    expect(seen.at(-1)?.headers['x-auth-token']).toBe('tok');
    await expect(glance.delete(ctx, 'missing')).rejects.toMatchObject({ code: 'compute.image.not_found' });
    await expect(glance.delete(ctx, 'prot')).rejects.toMatchObject({
      status: 403,
      message: 'Image prot is protected and cannot be deleted.',
    });
  });

  it('keeps non-string properties as JSON', () => {
    expect(imageMetaFromGlance({ ...doc, hw_numa_nodes: 2 }).properties).toEqual({
      hw_disk_bus: 'virtio',
      hw_numa_nodes: '2',
    });
  });
});
