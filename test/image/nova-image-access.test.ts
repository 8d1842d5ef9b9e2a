/**
 * Nova through the ImageService with the caller's context, on the
 * all-in-one cloud: booting from a private image of another project is
 * Nova's 400 "Image <id> could not be found.", a shared image is bootable by
 * id once shared (accepted or not), and the image proxy (/v2.1/images up to
 * 2.35) lists, shows and deletes by the same rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

const A = 'alice:project-a';
const B = 'bob:project-b';
const E = 'eve:project-e';
const CIRROS = 'a2459075-d96c-40d5-893e-577ff92e721c';

describe('Nova and image access', () => {
  let t: TestCloud;
  const image = (method: string, path: string, body: unknown, token: string) =>
    http(`${t.cloud.endpoints.image}${path}`, method, body, {
      'x-auth-token': token,
      accept: 'application/json',
    });
  let priv: string;
  let shared: string;

  beforeAll(async () => {
    t = await startTestCloud('sqlite', { hosts: 1 });
    const make = async (visibility: string) => {
      const res = await image(
        'POST',
        '/v2/images',
        { name: `${visibility}-a`, disk_format: 'raw', container_format: 'bare', visibility },
        A,
      );
      expect(res.status).toBe(201);
      const put = await fetch(`${t.cloud.endpoints.image}/v2/images/${res.body.id}/file`, {
        method: 'PUT',
        headers: { 'x-auth-token': A, 'content-type': 'application/octet-stream' },
        body: Buffer.from('disk'),
      });
      expect(put.status).toBe(204);
      return res.body.id as string;
    };
    priv = await make('private');
    shared = await make('shared');
    expect((await image('POST', `/v2/images/${shared}/members`, { member: 'project-b' }, A)).status).toBe(
      200,
    );
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  const boot = (imageRef: string, token: string) =>
    t.compute(
      'POST',
      '/servers',
      { server: { name: 'vm', imageRef, flavorRef: '1', networks: 'none' } },
      token,
      {
        'x-openstack-nova-api-version': '2.37',
      },
    );

  it('seeds the public CirrOS image, which every project can boot', async () => {
    const res = await boot(CIRROS, E);
    expect(res.status).toBe(202);
  });

  it("refuses to boot another project's private image with Nova's 400", async () => {
    const res = await boot(priv, B);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ badRequest: { code: 400, message: `Image ${priv} could not be found.` } });
  });

  it('boots a shared image by id for a member that has not accepted yet, and not for a non-member', async () => {
    const ok = await boot(shared, B);
    expect(ok.status).toBe(202);
    const id = ok.body.server.id;
    await waitFor('the build', async () => {
      const s = await t.compute('GET', `/servers/${id}`, undefined, B);
      return s.body.server.status === 'ACTIVE' ? true : undefined;
    });
    expect((await t.compute('GET', `/servers/${id}`, undefined, B)).body.server.image.id).toBe(shared);
    const refused = await boot(shared, E);
    expect(refused.status).toBe(400);
    expect(refused.body.badRequest.message).toBe(`Image ${shared} could not be found.`);
  });

  it('lists through the proxy what Glance lists for the caller, and shows only what it may see', async () => {
    const ids = async (token: string) =>
      (await t.compute('GET', '/images', undefined, token)).body.images.map((i: { id: string }) => i.id);
    expect(await ids(A)).toEqual(expect.arrayContaining([priv, shared, CIRROS]));
    expect(await ids(B)).toEqual([CIRROS]);
    await image('PUT', `/v2/images/${shared}/members/project-b`, { status: 'accepted' }, B);
    expect((await ids(B)).sort()).toEqual([CIRROS, shared].sort());
    const show = await t.compute('GET', `/images/${priv}`, undefined, B);
    expect(show.status).toBe(404);
    expect(show.body).toEqual({ itemNotFound: { code: 404, message: 'Image not found.' } });
    const detail = await t.compute('GET', `/images/${shared}`, undefined, B);
    expect(detail.body.image).toMatchObject({ id: shared, status: 'ACTIVE', 'OS-EXT-IMG-SIZE:size': 4 });
    const named = await t.compute('GET', '/images/detail?name=private-a', undefined, A);
    expect(named.body.images.map((i: { id: string }) => i.id)).toEqual([priv]);
  });

  it('serves image metadata reads up to 2.38 and the proxy up to 2.35 only', async () => {
    const patched = await fetch(`${t.cloud.endpoints.image}/v2/images/${shared}`, {
      method: 'PATCH',
      headers: { 'x-auth-token': A, 'content-type': 'application/openstack-images-v2.1-json-patch' },
      body: JSON.stringify([{ op: 'add', path: '/os_type', value: 'linux' }]),
    });
    expect(patched.status).toBe(200);
    const meta = await t.compute('GET', `/images/${shared}/metadata`, undefined, B, {
      'x-openstack-nova-api-version': '2.38',
    });
    expect(meta.body).toEqual({ metadata: { os_type: 'linux' } });
    const key = await t.compute('GET', `/images/${shared}/metadata/os_type`, undefined, B);
    expect(key.body).toEqual({ meta: { os_type: 'linux' } });
    const gone = await t.compute('GET', '/images', undefined, A, { 'x-openstack-nova-api-version': '2.36' });
    expect(gone.status).toBe(404);
  });

  it("hands the image's properties to the scheduler: an image for another architecture finds no host", async () => {
    const res = await image(
      'POST',
      '/v2/images',
      { name: 'arm', disk_format: 'raw', container_format: 'bare', hw_architecture: 'aarch64' },
      A,
    );
    await fetch(`${t.cloud.endpoints.image}/v2/images/${res.body.id}/file`, {
      method: 'PUT',
      headers: { 'x-auth-token': A, 'content-type': 'application/octet-stream' },
      body: Buffer.from('arm'),
    });
    const x86 = await boot(shared, A);
    const arm = await boot(res.body.id, A);
    expect([x86.status, arm.status]).toEqual([202, 202]);
    const state = (id: string) =>
      waitFor('a final state', async () => {
        const s = (await t.compute('GET', `/servers/${id}`, undefined, A)).body.server;
        return s.status === 'ACTIVE' || s.status === 'ERROR' ? s : undefined;
      });
    expect((await state(x86.body.server.id)).status).toBe('ACTIVE');
    const failed = await state(arm.body.server.id);
    expect(failed.status).toBe('ERROR');
    expect(failed.fault.message).toContain('No valid host');
  });

  it('deletes through the proxy only what the caller owns', async () => {
    const forbidden = await t.compute('DELETE', `/images/${shared}`, undefined, B);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({
      forbidden: { code: 403, message: 'You are not allowed to delete the image.' },
    });
    expect((await t.compute('DELETE', `/images/${priv}`, undefined, E)).status).toBe(404);
    expect((await t.compute('DELETE', `/images/${priv}`, undefined, A)).status).toBe(204);
    expect((await image('GET', `/v2/images/${priv}`, undefined, A)).status).toBe(404);
  });
});
