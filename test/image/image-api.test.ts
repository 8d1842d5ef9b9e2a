/**
 * The embedded image API route by route, over HTTP on SQLite: versions,
 * schemas, create, show, list (filters, sorting, paging), PATCH, delete and
 * protection, deactivate/reactivate, tags, upload/download with checksums
 * and image_size_cap, and Glance's fault bodies.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageApiHarness, startImageApi } from './image-api-harness.js';

const PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };
const OWNER = 'alice:project-a';

describe('embedded image API (Glance v2)', () => {
  let h: ImageApiHarness;
  beforeAll(async () => {
    h = await startImageApi('sqlite', 64 * 1024);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const create = async (body: Record<string, unknown>, token = OWNER) => {
    const res = await h.call('POST', '/v2/images', { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('answers the version documents (300 on /, 200 on /versions)', async () => {
    const root = await h.call('GET', '/', { token: '' });
    expect(root.status).toBe(300);
    expect(root.body.versions[0]).toMatchObject({ id: 'v2.16', status: 'CURRENT' });
    expect(root.body.versions.map((v: { id: string }) => v.id)).toContain('v2.0');
    expect((await h.call('GET', '/versions', { token: '' })).status).toBe(200);
  });

  it('serves the image, images, member and members schemas', async () => {
    for (const name of ['image', 'images', 'member', 'members']) {
      const res = await h.call('GET', `/v2/schemas/${name}`);
      expect(res.status).toBe(200);
      expect(res.body.name).toBe(name);
    }
    const image = (await h.call('GET', '/v2/schemas/image')).body;
    expect(image.properties.disk_format.enum).toEqual(
      expect.arrayContaining(['aki', 'ari', 'ami', 'qcow2', 'raw']),
    );
    expect(image.properties.container_format.enum).toEqual(
      expect.arrayContaining(['aki', 'ari', 'ami', 'bare']),
    );
    expect(image.additionalProperties).toEqual({ type: 'string' });
  });

  it('requires a token on /v2 (401 in webob JSON)', async () => {
    const res = await h.call('GET', '/v2/images', { token: '' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: '401 Unauthorized', title: 'Unauthorized' });
  });

  it('creates a queued image with Glance defaults, a Location header and properties at the top level', async () => {
    const res = await h.call('POST', '/v2/images', {
      token: OWNER,
      body: {
        name: 'cirros',
        disk_format: 'qcow2',
        container_format: 'bare',
        hw_disk_bus: 'virtio',
        os_type: 'linux',
        tags: ['a'],
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${h.url}/v2/images/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'cirros',
      status: 'queued',
      visibility: 'shared',
      owner: 'project-a',
      size: null,
      checksum: null,
      os_hash_algo: null,
      os_hash_value: null,
      protected: false,
      os_hidden: false,
      min_ram: 0,
      min_disk: 0,
      hw_disk_bus: 'virtio',
      os_type: 'linux',
      tags: ['a'],
      self: `/v2/images/${res.body.id}`,
      file: `/v2/images/${res.body.id}/file`,
      schema: '/v2/schemas/image',
    });
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await h.call('GET', `/v2/images/${res.body.id}`, { token: OWNER })).body).toEqual(res.body);
  });

  it('accepts aki, ari and ami formats and a caller-chosen id, once', async () => {
    const id = '0c7a2a4e-3b8f-4d6c-9f1e-2a5b7c9d1e3f';
    for (const format of ['aki', 'ari', 'ami']) {
      const img = await create({ name: `k-${format}`, disk_format: format, container_format: format });
      expect(img).toMatchObject({ disk_format: format, container_format: format });
    }
    await create({ id, name: 'fixed' });
    const again = await h.call('POST', '/v2/images', { token: OWNER, body: { id, name: 'fixed' } });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(`Image with identifier ${id} already exists!`);
  });

  it.each([
    { what: 'an unknown disk format', body: { disk_format: 'floppy' }, status: 400 },
    { what: 'a negative min_ram', body: { min_ram: -1 }, status: 400 },
    { what: 'a non-string property', body: { hw_numa_nodes: 2 }, status: 400 },
    { what: 'a bad id', body: { id: 'not-a-uuid' }, status: 400 },
    { what: 'a read-only attribute', body: { status: 'active' }, status: 403 },
    { what: 'a reserved attribute', body: { deleted: 'x' }, status: 403 },
    { what: 'a reserved namespace', body: { os_glance_x: 'y' }, status: 403 },
    { what: 'public visibility by a non-admin', body: { visibility: 'public' }, status: 403 },
    { what: 'another owner by a non-admin', body: { owner: 'project-b' }, status: 403 },
    { what: 'a body that is not an object', body: [1], status: 400 },
  ])('refuses $what with $status and creates nothing', async ({ body, status }) => {
    const before = (await h.call('GET', '/v2/images?limit=1000', { token: OWNER })).body.images.length;
    const res = await h.call('POST', '/v2/images', { token: OWNER, body });
    expect(res.status).toBe(status);
    expect(res.body.code).toMatch(new RegExp(`^${status} `));
    expect((await h.call('GET', '/v2/images?limit=1000', { token: OWNER })).body.images).toHaveLength(before);
  });

  it('answers malformed JSON with 400 and unknown images with 404 in webob form', async () => {
    const bad = await h.call('POST', '/v2/images', { token: OWNER, body: '{nope' });
    expect(bad.status).toBe(400);
    const missing = await h.call('GET', '/v2/images/00000000-0000-0000-0000-000000000000', { token: OWNER });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      message: 'No image found with ID 00000000-0000-0000-0000-000000000000<br /><br />\n\n\n',
      code: '404 Not Found',
      title: 'Not Found',
    });
    const plain = await h.call('GET', '/v2/images/x', { token: OWNER, headers: { accept: 'text/plain' } });
    expect(plain.headers.get('content-type')).toContain('text/plain');
    expect(plain.body).toBe('404 Not Found\n\nNo image found with ID x\n\n   ');
  });

  it('uploads data (queued → active) and downloads it byte-identical with Content-MD5', async () => {
    const img = await create({ name: 'data', disk_format: 'raw', container_format: 'bare' });
    const data = Buffer.from('x'.repeat(5000));
    const put = await h.call('PUT', `/v2/images/${img.id}/file`, { token: OWNER, body: data });
    expect(put.status).toBe(204);
    const shown = (await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).body;
    const md5 = createHash('md5').update(data).digest('hex');
    expect(shown).toMatchObject({
      status: 'active',
      size: 5000,
      checksum: md5,
      os_hash_algo: 'sha512',
      os_hash_value: createHash('sha512').update(data).digest('hex'),
    });
    const got = await h.call('GET', `/v2/images/${img.id}/file`, { token: OWNER });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-md5')).toBe(md5);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.bytes.equals(data)).toBe(true);
    const twice = await h.call('PUT', `/v2/images/${img.id}/file`, { token: OWNER, body: data });
    expect(twice.status).toBe(409);
  });

  it('answers 204 to a download of an image without data, 415 to an upload of another type, 400 without formats', async () => {
    const img = await create({ name: 'empty' });
    expect((await h.call('GET', `/v2/images/${img.id}/file`, { token: OWNER })).status).toBe(204);
    const wrong = await h.call('PUT', `/v2/images/${img.id}/file`, {
      token: OWNER,
      body: 'abc',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrong.status).toBe(415);
    const noFormats = await h.call('PUT', `/v2/images/${img.id}/file`, {
      token: OWNER,
      body: Buffer.from('abc'),
    });
    expect(noFormats.status).toBe(400);
    expect(noFormats.body.message).toContain(
      'Properties disk_format, container_format must be set prior to saving data.',
    );
    expect((await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).body.status).toBe('queued');
  });

  it('refuses data over image_size_cap with 413, keeps the image queued and leaves no partial file', async () => {
    const img = await create({ name: 'big', disk_format: 'raw', container_format: 'bare' });
    const res = await h.call('PUT', `/v2/images/${img.id}/file`, {
      token: OWNER,
      body: Buffer.alloc(64 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(res.body.message).toContain('The incoming image is too large');
    expect((await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).body).toMatchObject({
      status: 'queued',
      size: null,
      checksum: null,
    });
    expect(readdirSync(h.storeDirectory).filter((f) => f.startsWith(img.id))).toEqual([]);
    const ok = await h.call('PUT', `/v2/images/${img.id}/file`, {
      token: OWNER,
      body: Buffer.alloc(64 * 1024),
    });
    expect(ok.status).toBe(204);
  });

  it('PATCHes with JSON patch: replace, add and remove properties; base attributes cannot be removed', async () => {
    const img = await create({ name: 'p', os_type: 'linux' });
    const res = await h.call('PATCH', `/v2/images/${img.id}`, {
      token: OWNER,
      headers: PATCH,
      body: [
        { op: 'replace', path: '/name', value: 'renamed' },
        { op: 'add', path: '/hw_vif_model', value: 'virtio' },
        { op: 'remove', path: '/os_type' },
        { op: 'replace', path: '/min_ram', value: 512 },
        { op: 'replace', path: '/protected', value: true },
        { op: 'replace', path: '/tags', value: ['x', 'y'] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'renamed',
      hw_vif_model: 'virtio',
      min_ram: 512,
      protected: true,
      tags: ['x', 'y'],
    });
    expect(res.body).not.toHaveProperty('os_type');
    const old = await h.call('PATCH', `/v2/images/${img.id}`, {
      token: OWNER,
      headers: { 'content-type': 'application/openstack-images-v2.0-json-patch' },
      body: [{ replace: '/name', value: 'v20' }],
    });
    expect(old.body.name).toBe('v20');
  });

  it.each([
    { what: 'the wrong media type', headers: { 'content-type': 'application/json' }, body: [], status: 415 },
    { what: 'a body that is not a list', headers: PATCH, body: {}, status: 400 },
    { what: 'an unknown op', headers: PATCH, body: [{ op: 'move', path: '/name' }], status: 400 },
    { what: 'a deep path', headers: PATCH, body: [{ op: 'add', path: '/a/b', value: 'x' }], status: 400 },
    { what: 'a missing value', headers: PATCH, body: [{ op: 'add', path: '/a' }], status: 400 },
    {
      what: 'a read-only attribute',
      headers: PATCH,
      body: [{ op: 'replace', path: '/status', value: 'active' }],
      status: 403,
    },
    {
      what: 'removing a base attribute',
      headers: PATCH,
      body: [{ op: 'remove', path: '/name' }],
      status: 403,
    },
    {
      what: 'replacing a missing property',
      headers: PATCH,
      body: [{ op: 'replace', path: '/nope', value: 'x' }],
      status: 409,
    },
    {
      what: 'removing a missing property',
      headers: PATCH,
      body: [{ op: 'remove', path: '/nope' }],
      status: 409,
    },
    {
      what: 'a wrong type',
      headers: PATCH,
      body: [{ op: 'replace', path: '/min_disk', value: 'big' }],
      status: 400,
    },
  ])('refuses a PATCH with $what ($status) and changes nothing', async ({ headers, body, status }) => {
    const img = await create({ name: 'unchanged' });
    const res = await h.call('PATCH', `/v2/images/${img.id}`, {
      token: OWNER,
      headers,
      // NOTE(atomic): a valid rename goes first; the bad operation after it must undo nothing because nothing was applied.
      body: Array.isArray(body) ? [{ op: 'replace', path: '/name', value: 'changed' }, ...body] : body,
    });
    expect(res.status).toBe(status);
    if (status === 415)
      expect(res.headers.get('accept-patch')).toContain('application/openstack-images-v2.1-json-patch');
    expect((await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).body.name).toBe('unchanged');
  });

  it('deletes an image and its data; a protected image cannot be deleted', async () => {
    const img = await create({ name: 'del', disk_format: 'raw', container_format: 'bare', protected: true });
    await h.call('PUT', `/v2/images/${img.id}/file`, { token: OWNER, body: Buffer.from('abc') });
    const refused = await h.call('DELETE', `/v2/images/${img.id}`, { token: OWNER });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain(`Image ${img.id} is protected and cannot be deleted.`);
    await h.call('PATCH', `/v2/images/${img.id}`, {
      token: OWNER,
      headers: PATCH,
      body: [{ op: 'replace', path: '/protected', value: false }],
    });
    expect((await h.call('DELETE', `/v2/images/${img.id}`, { token: OWNER })).status).toBe(204);
    expect((await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).status).toBe(404);
    expect(readdirSync(h.storeDirectory).filter((f) => f.startsWith(img.id))).toEqual([]);
    const again = await h.call('DELETE', `/v2/images/${img.id}`, { token: OWNER });
    expect(again.status).toBe(404);
    expect(again.body.message).toContain(`Failed to find image ${img.id} to delete`);
  });

  it('deactivates and reactivates an active image; downloads of a deactivated one are for admins only', async () => {
    const img = await create({
      name: 'deact',
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'community',
    });
    const queuedDeact = await h.call('POST', `/v2/images/${img.id}/actions/deactivate`, { token: OWNER });
    expect(queuedDeact.status).toBe(403);
    expect(queuedDeact.body.message).toContain("Not allowed to deactivate image in status 'queued'");
    await h.call('PUT', `/v2/images/${img.id}/file`, { token: OWNER, body: Buffer.from('abc') });
    expect((await h.call('POST', `/v2/images/${img.id}/actions/deactivate`, { token: OWNER })).status).toBe(
      204,
    );
    expect((await h.call('POST', `/v2/images/${img.id}/actions/deactivate`, { token: OWNER })).status).toBe(
      204,
    );
    expect((await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).body.status).toBe('deactivated');
    expect((await h.call('GET', `/v2/images/${img.id}/file`, { token: OWNER })).status).toBe(403);
    expect((await h.call('GET', `/v2/images/${img.id}/file`, { token: 'admin:admin' })).status).toBe(200);
    expect(
      (await h.call('POST', `/v2/images/${img.id}/actions/reactivate`, { token: 'bob:project-b' })).status,
    ).toBe(403);
    expect((await h.call('POST', `/v2/images/${img.id}/actions/reactivate`, { token: OWNER })).status).toBe(
      204,
    );
    expect((await h.call('GET', `/v2/images/${img.id}/file`, { token: OWNER })).status).toBe(200);
  });

  it('adds and removes tags', async () => {
    const img = await create({ name: 'tags' });
    expect((await h.call('PUT', `/v2/images/${img.id}/tags/fast`, { token: OWNER })).status).toBe(204);
    expect((await h.call('PUT', `/v2/images/${img.id}/tags/fast`, { token: OWNER })).status).toBe(204);
    expect((await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).body.tags).toEqual(['fast']);
    expect((await h.call('DELETE', `/v2/images/${img.id}/tags/fast`, { token: OWNER })).status).toBe(204);
    expect((await h.call('DELETE', `/v2/images/${img.id}/tags/fast`, { token: OWNER })).status).toBe(404);
    expect((await h.call('GET', `/v2/images/${img.id}`, { token: OWNER })).body.tags).toEqual([]);
  });
});

describe('GET /v2/images: filters, sorting and paging', () => {
  let h: ImageApiHarness;
  const T = 'lister:project-list';
  beforeAll(async () => {
    h = await startImageApi('sqlite');
    const specs = [
      {
        name: 'b-img',
        disk_format: 'raw',
        container_format: 'bare',
        tags: ['x'],
        hw_arch: 'x86_64',
        min_ram: 64,
      },
      { name: 'a-img', disk_format: 'qcow2', container_format: 'bare', tags: ['x', 'y'] },
      { name: 'c-img', disk_format: 'raw', container_format: 'ovf', os_hidden: true },
      { name: 'd-img', disk_format: 'aki', container_format: 'aki', protected: true },
    ];
    for (const body of specs) {
      expect((await h.call('POST', '/v2/images', { token: T, body })).status).toBe(201);
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  afterAll(async () => {
    await h?.stop();
  });
  const names = async (query: string) => {
    const res = await h.call('GET', `/v2/images${query}`, { token: T });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.images.map((i: { name: string }) => i.name);
  };

  it.each([
    { query: '', want: ['d-img', 'a-img', 'b-img'] },
    { query: '?sort_key=name&sort_dir=asc', want: ['a-img', 'b-img', 'd-img'] },
    { query: '?sort=name:desc', want: ['d-img', 'b-img', 'a-img'] },
    { query: '?sort=disk_format:asc,name:asc', want: ['d-img', 'a-img', 'b-img'] },
    { query: '?name=a-img', want: ['a-img'] },
    { query: '?name=in:a-img,d-img&sort_key=name&sort_dir=asc', want: ['a-img', 'd-img'] },
    { query: '?disk_format=raw', want: ['b-img'] },
    { query: '?tag=x&tag=y', want: ['a-img'] },
    { query: '?tag=x&sort_key=name&sort_dir=asc', want: ['a-img', 'b-img'] },
    { query: '?hw_arch=x86_64', want: ['b-img'] },
    { query: '?os_hidden=true', want: ['c-img'] },
    { query: '?protected=true', want: ['d-img'] },
    { query: '?status=queued&container_format=ovf', want: [] },
  ])('$query lists $want', async ({ query, want }) => {
    expect(await names(query)).toEqual(want);
  });

  it('pages with limit and marker and links the next page, keeping the other parameters', async () => {
    const first = (await h.call('GET', '/v2/images?limit=2&sort_key=name&sort_dir=asc', { token: T })).body;
    expect(first.images.map((i: { name: string }) => i.name)).toEqual(['a-img', 'b-img']);
    expect(first.first).toBe('/v2/images?limit=2&sort_key=name&sort_dir=asc');
    expect(first.next).toBe(`/v2/images?limit=2&sort_key=name&sort_dir=asc&marker=${first.images[1].id}`);
    const second = (await h.call('GET', first.next, { token: T })).body;
    expect(second.images.map((i: { name: string }) => i.name)).toEqual(['d-img']);
    expect(second).not.toHaveProperty('next');
  });

  it.each([
    {
      query: '?sort_key=owner',
      message:
        'Invalid sort key: owner. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.',
    },
    { query: '?sort_dir=sideways', message: 'Invalid sort direction: sideways' },
    { query: '?sort=name&sort_key=name', message: 'Old and new sorting syntax cannot be combined' },
    { query: '?limit=-1', message: 'limit param must be positive' },
    { query: '?limit=x', message: 'limit param must be an integer' },
    {
      query: '?marker=00000000-0000-0000-0000-000000000000',
      message: 'No image found with ID 00000000-0000-0000-0000-000000000000',
    },
    { query: '?member_status=maybe', message: 'Invalid status: maybe' },
    { query: '?visibility=everyone', message: 'Invalid visibility value: everyone' },
    {
      query: '?os_hidden=maybe',
      message: "Invalid value 'maybe' for 'os_hidden' filter. Valid values are 'true' or 'false'.",
    },
    { query: '?size_min=big', message: 'Unable to filter on a range with a non-numeric value.' },
    {
      query: '?changes-since=2020-01-01',
      message: 'The "changes-since" filter is no longer available on v2.',
    },
  ])('refuses $query with 400', async ({ query, message }) => {
    const res = await h.call('GET', `/v2/images${query}`, { token: T });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(`${message}<br /><br />\n\n\n`);
  });
});
