import type { RequestContext } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { CIRROS_IMAGE, EmbeddedImageCatalog } from './embedded-image-catalog.js';

const ctxOf = (project_id: string | null, is_admin = false): RequestContext => ({
  request_id: 'req-1',
  user_id: 'u',
  project_id,
  roles: is_admin ? ['admin'] : ['member'],
  is_admin,
});
const alice = ctxOf('alice');
const bob = ctxOf('bob');
const admin = ctxOf('admin', true);

function catalog() {
  let tick = 0;
  const images = new EmbeddedImageCatalog({ now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)) });
  const priv = images.add({ name: 'alice-private', owner: 'alice' });
  const shared = images.add({ name: 'alice-shared', owner: 'alice', visibility: 'shared' });
  const community = images.add({ name: 'bob-community', owner: 'bob', visibility: 'community' });
  const pub = images.add({
    name: 'bob-public',
    owner: 'bob',
    visibility: 'public',
    properties: { os_distro: 'debian' },
  });
  return { images, priv, shared, community, pub };
}

describe('EmbeddedImageCatalog', () => {
  it('is seeded with the public CirrOS image everyone can show', async () => {
    const images = new EmbeddedImageCatalog();
    for (const ctx of [alice, bob, admin, ctxOf(null)]) {
      await expect(images.show(ctx, 'a2459075-d96c-40d5-893e-577ff92e721c')).resolves.toMatchObject({
        name: 'cirros-0.6.2-x86_64-disk',
        disk_format: 'qcow2',
        container_format: 'bare',
        min_disk: 0,
        size: 21430272,
        visibility: 'public',
        status: 'active',
      });
    }
  });

  it.each([
    { who: 'owner', ctx: alice, image: 'priv', visible: true },
    { who: 'other project', ctx: bob, image: 'priv', visible: false },
    { who: 'admin', ctx: admin, image: 'priv', visible: true },
    { who: 'owner', ctx: alice, image: 'shared', visible: true },
    { who: 'other project', ctx: bob, image: 'shared', visible: false },
    { who: 'other project', ctx: alice, image: 'community', visible: true },
    { who: 'other project', ctx: alice, image: 'pub', visible: true },
  ] as const)('show of a $image image by $who: visible=$visible', async ({ ctx, image, visible }) => {
    const c = catalog();
    const target = c[image];
    if (visible) await expect(c.images.show(ctx, target.id)).resolves.toEqual(target);
    else
      await expect(c.images.show(ctx, target.id)).rejects.toMatchObject({
        code: 'compute.image.not_found',
        status: 404,
      });
  });

  it('rejects a missing image with ImageNotFound', async () => {
    await expect(new EmbeddedImageCatalog().show(admin, 'nope')).rejects.toThrow(
      'Image nope could not be found.',
    );
  });

  it('lists visible images newest first, community images only for their owner', async () => {
    const { images } = catalog();
    const names = async (ctx: RequestContext) => (await images.list(ctx)).map((i) => i.name);
    expect(await names(alice)).toEqual(['bob-public', 'alice-shared', 'alice-private', CIRROS_IMAGE.name]);
    expect(await names(bob)).toEqual(['bob-public', 'bob-community', CIRROS_IMAGE.name]);
    expect(await names(admin)).toHaveLength(5);
  });

  it('pages with limit and marker, and rejects an unknown marker', async () => {
    const { images, shared } = catalog();
    const first = await images.list(alice, { limit: 2 });
    expect(first.map((i) => i.name)).toEqual(['bob-public', 'alice-shared']);
    const next = await images.list(alice, { limit: 2, marker: shared.id });
    expect(next.map((i) => i.name)).toEqual(['alice-private', CIRROS_IMAGE.name]);
    await expect(images.list(alice, { marker: 'missing' })).rejects.toMatchObject({ status: 400 });
  });

  it('fills Glance defaults on add and hands out frozen images', async () => {
    const { images, pub } = catalog();
    expect(pub).toMatchObject({
      status: 'active',
      disk_format: 'qcow2',
      properties: { os_distro: 'debian' },
    });
    expect(pub.id).toMatch(/^[0-9a-f-]{36}$/);
    const shown = await images.show(alice, pub.id);
    expect(Object.isFrozen(shown) && Object.isFrozen(shown.properties)).toBe(true);
    expect(images.remove(pub.id)).toBe(true);
    await expect(images.show(alice, pub.id)).rejects.toMatchObject({ status: 404 });
  });

  it('hides deleted images even from admins', async () => {
    const images = new EmbeddedImageCatalog({ seed: [] });
    const gone = images.add({ name: 'gone', visibility: 'public', status: 'deleted' });
    await expect(images.show(admin, gone.id)).rejects.toMatchObject({ status: 404 });
    expect(await images.list(admin)).toEqual([]);
  });
});
