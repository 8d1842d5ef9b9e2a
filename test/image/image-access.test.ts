/**
 * Image access by project and user, as Glance enforces it, over HTTP: a
 * matrix of image visibilities × callers for show, list, download, change
 * and delete, then the membership life cycle (add, accept/reject, list,
 * remove) with who may do what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageApiHarness, startImageApi } from './image-api-harness.js';

const A = 'alice:project-a';
const B = 'bob:project-b'; // member, pending
const C = 'carol:project-c'; // member, accepted
const D = 'dave:project-d'; // member, rejected
const E = 'eve:project-e'; // stranger
const ADMIN = 'admin:admin';
const PATCH = { 'content-type': 'application/openstack-images-v2.1-json-patch' };

type Kind = 'private' | 'shared' | 'community' | 'public';

describe('image access by project', () => {
  let h: ImageApiHarness;
  const ids = {} as Record<Kind, string>;

  beforeAll(async () => {
    h = await startImageApi('sqlite');
    for (const kind of ['private', 'shared', 'community', 'public'] as const) {
      const body = {
        name: `${kind}-image`,
        disk_format: 'raw',
        container_format: 'bare',
        visibility: kind,
        owner: 'project-a',
      };
      // NOTE(glance): only an admin may publicize, so the public one is created by an admin for project-a.
      const res = await h.call('POST', '/v2/images', { token: kind === 'public' ? ADMIN : A, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[kind] = res.body.id;
      expect(
        (await h.call('PUT', `/v2/images/${res.body.id}/file`, { token: A, body: Buffer.from(kind) })).status,
      ).toBe(204);
    }
    for (const [member, status] of [
      ['project-b', null],
      ['project-c', 'accepted'],
      ['project-d', 'rejected'],
    ] as const) {
      expect(
        (await h.call('POST', `/v2/images/${ids.shared}/members`, { token: A, body: { member } })).status,
      ).toBe(200);
      if (status) {
        const token = member === 'project-c' ? C : D;
        const res = await h.call('PUT', `/v2/images/${ids.shared}/members/${member}`, {
          token,
          body: { status },
        });
        expect(res.status).toBe(200);
      }
    }
  });
  afterAll(async () => {
    await h?.stop();
  });

  // show/download: may see it; listed: in the default list; change: PATCH and delete allowed.
  const Y = { show: true, listed: true, change: true };
  const SEE = { show: true, listed: false, change: false };
  const LIST = { show: true, listed: true, change: false };
  const NONE = { show: false, listed: false, change: false };
  it.each([
    { kind: 'private', who: 'owner', token: A, want: Y },
    { kind: 'private', who: 'another project', token: E, want: NONE },
    { kind: 'private', who: 'admin', token: ADMIN, want: Y },
    { kind: 'shared', who: 'owner', token: A, want: Y },
    { kind: 'shared', who: 'a pending member', token: B, want: SEE },
    { kind: 'shared', who: 'an accepted member', token: C, want: LIST },
    { kind: 'shared', who: 'a rejected member', token: D, want: SEE },
    { kind: 'shared', who: 'a non-member', token: E, want: NONE },
    { kind: 'shared', who: 'admin', token: ADMIN, want: Y },
    { kind: 'community', who: 'owner', token: A, want: Y },
    { kind: 'community', who: 'another project', token: E, want: SEE },
    { kind: 'public', who: 'owner', token: A, want: Y },
    { kind: 'public', who: 'another project', token: E, want: LIST },
    { kind: 'public', who: 'another user of the owner project', token: 'zed:project-a', want: Y },
  ] as const)('$kind image, $who: $want', async ({ kind, token, want }) => {
    const id = ids[kind];
    const show = await h.call('GET', `/v2/images/${id}`, { token });
    expect(show.status).toBe(want.show ? 200 : 404);
    const file = await h.call('GET', `/v2/images/${id}/file`, { token });
    expect(file.status).toBe(want.show ? 200 : 404);
    if (want.show) expect(file.bytes.toString()).toBe(kind);
    const listed = (await h.call('GET', '/v2/images', { token })).body.images.map(
      (i: { id: string }) => i.id,
    );
    expect(listed.includes(id)).toBe(want.listed);
    // A change that changes nothing, so that the matrix rows stay independent.
    const patch = await h.call('PATCH', `/v2/images/${id}`, {
      token,
      headers: PATCH,
      body: [{ op: 'replace', path: '/name', value: `${kind}-image` }],
    });
    expect(patch.status).toBe(want.change ? 200 : want.show ? 403 : 404);
    const tag = await h.call('PUT', `/v2/images/${id}/tags/t`, { token });
    expect(tag.status).toBe(want.change ? 204 : want.show ? 403 : 404);
    if (!want.change) {
      const del = await h.call('DELETE', `/v2/images/${id}`, { token });
      expect(del.status).toBe(want.show ? 403 : 404);
      expect((await h.call('GET', `/v2/images/${id}`, { token: A })).status).toBe(200);
    }
  });

  it('lists community images of other projects with visibility=community, and pending shares with member_status', async () => {
    const ids_ = async (query: string, token: string) =>
      (await h.call('GET', `/v2/images${query}`, { token })).body.images.map((i: { id: string }) => i.id);
    expect(await ids_('?visibility=community', E)).toEqual([ids.community]);
    expect(await ids_('?visibility=shared&member_status=pending', B)).toEqual([ids.shared]);
    expect(await ids_('?member_status=rejected', D)).toContain(ids.shared);
    expect(await ids_('?visibility=shared', B)).toEqual([]);
    expect(await ids_('?visibility=private', E)).toEqual([]);
  });
});

describe('image members', () => {
  let h: ImageApiHarness;
  let shared: string;
  let priv: string;
  beforeAll(async () => {
    h = await startImageApi('sqlite');
    shared = (await h.call('POST', '/v2/images', { token: A, body: { name: 's', visibility: 'shared' } }))
      .body.id;
    priv = (await h.call('POST', '/v2/images', { token: A, body: { name: 'p', visibility: 'private' } })).body
      .id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('adds a pending member (only the owner), refuses a duplicate, and shows it', async () => {
    const add = await h.call('POST', `/v2/images/${shared}/members`, {
      token: A,
      body: { member: 'project-b' },
    });
    expect(add.status).toBe(200);
    expect(add.body).toMatchObject({
      image_id: shared,
      member_id: 'project-b',
      status: 'pending',
      schema: '/v2/schemas/member',
    });
    const dup = await h.call('POST', `/v2/images/${shared}/members`, {
      token: A,
      body: { member: 'project-b' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain(`Member project-b is duplicated for image ${shared}`);
    const byMember = await h.call('POST', `/v2/images/${shared}/members`, {
      token: B,
      body: { member: 'project-e' },
    });
    expect(byMember.status).toBe(403);
    expect(
      (await h.call('POST', `/v2/images/${shared}/members`, { token: E, body: { member: 'project-e' } }))
        .status,
    ).toBe(404);
    expect((await h.call('GET', `/v2/images/${shared}/members/project-b`, { token: B })).body.status).toBe(
      'pending',
    );
  });

  it.each([
    { body: {}, message: 'Member to be added not specified' },
    { body: { member: '' }, message: "Member can't be empty" },
    { body: { member: 7 }, message: 'Expected a member in the form: {"member": "image_id"}' },
  ])('refuses a member body $body with 400', async ({ body, message }) => {
    const res = await h.call('POST', `/v2/images/${shared}/members`, { token: A, body });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
  });

  it('has members on shared images only', async () => {
    const res = await h.call('POST', `/v2/images/${priv}/members`, {
      token: A,
      body: { member: 'project-b' },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain(`Not allowed to create members for image ${priv}.`);
    expect((await h.call('GET', `/v2/images/${priv}/members`, { token: A })).status).toBe(403);
  });

  it('lets only the member answer; the answer decides the listing', async () => {
    await h.call('POST', `/v2/images/${shared}/members`, { token: A, body: { member: 'project-c' } });
    const byOwner = await h.call('PUT', `/v2/images/${shared}/members/project-b`, {
      token: A,
      body: { status: 'accepted' },
    });
    expect(byOwner.status).toBe(403);
    const byOther = await h.call('PUT', `/v2/images/${shared}/members/project-b`, {
      token: C,
      body: { status: 'accepted' },
    });
    expect(byOther.status).toBe(404);
    const bad = await h.call('PUT', `/v2/images/${shared}/members/project-b`, {
      token: B,
      body: { status: 'maybe' },
    });
    expect(bad.status).toBe(400);
    expect(
      (await h.call('PUT', `/v2/images/${shared}/members/project-b`, { token: B, body: {} })).status,
    ).toBe(400);
    const listedBy = async (token: string) =>
      (await h.call('GET', '/v2/images', { token })).body.images.map((i: { id: string }) => i.id);
    expect(await listedBy(B)).not.toContain(shared);
    const ok = await h.call('PUT', `/v2/images/${shared}/members/project-b`, {
      token: B,
      body: { status: 'accepted' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('accepted');
    expect(await listedBy(B)).toContain(shared);
    await h.call('PUT', `/v2/images/${shared}/members/project-b`, { token: B, body: { status: 'rejected' } });
    expect(await listedBy(B)).not.toContain(shared);
  });

  it('shows the owner every member and a member only itself', async () => {
    const all = (await h.call('GET', `/v2/images/${shared}/members`, { token: A })).body;
    expect(all.schema).toBe('/v2/schemas/members');
    expect(all.members.map((m: { member_id: string }) => m.member_id).sort()).toEqual([
      'project-b',
      'project-c',
    ]);
    const own = (await h.call('GET', `/v2/images/${shared}/members`, { token: B })).body.members;
    expect(own.map((m: { member_id: string }) => m.member_id)).toEqual(['project-b']);
    expect((await h.call('GET', `/v2/images/${shared}/members/project-c`, { token: B })).status).toBe(404);
    expect((await h.call('GET', `/v2/images/${shared}/members`, { token: E })).status).toBe(404);
  });

  it('removes a member (owner only), after which the image is gone for that project', async () => {
    expect((await h.call('DELETE', `/v2/images/${shared}/members/project-c`, { token: C })).status).toBe(403);
    expect((await h.call('DELETE', `/v2/images/${shared}/members/project-c`, { token: A })).status).toBe(204);
    expect((await h.call('DELETE', `/v2/images/${shared}/members/project-c`, { token: A })).status).toBe(404);
    expect((await h.call('GET', `/v2/images/${shared}`, { token: C })).status).toBe(404);
  });
});
