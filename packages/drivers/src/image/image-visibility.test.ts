import type { ImageMember, ImageMeta, RequestContext } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { isImageListed, isImageVisible, mayModifyImage } from './image-visibility.js';

const ctx = (project: string, is_admin = false): RequestContext => ({
  request_id: 'req',
  user_id: 'u',
  project_id: project,
  roles: [],
  is_admin,
});
const image = (visibility: ImageMeta['visibility']): ImageMeta => ({
  id: 'img',
  name: 'i',
  status: 'active',
  visibility,
  owner: 'owner',
  container_format: 'bare',
  disk_format: 'raw',
  size: 1,
  min_ram: 0,
  min_disk: 0,
  properties: {},
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
});
const member = (status: ImageMember['status']): ImageMember => ({
  image_id: 'img',
  member_id: 'other',
  status,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
});

describe('image visibility (Glance v2)', () => {
  it.each([
    { visibility: 'private', who: 'other', m: null, visible: false, listed: false },
    { visibility: 'private', who: 'owner', m: null, visible: true, listed: true },
    { visibility: 'private', who: 'other', m: member('accepted'), visible: false, listed: false },
    { visibility: 'shared', who: 'other', m: null, visible: false, listed: false },
    { visibility: 'shared', who: 'other', m: member('pending'), visible: true, listed: false },
    { visibility: 'shared', who: 'other', m: member('accepted'), visible: true, listed: true },
    { visibility: 'shared', who: 'other', m: member('rejected'), visible: true, listed: false },
    { visibility: 'community', who: 'other', m: null, visible: true, listed: false },
    { visibility: 'community', who: 'owner', m: null, visible: true, listed: true },
    { visibility: 'public', who: 'other', m: null, visible: true, listed: true },
  ] as const)('$visibility for $who with membership $m.status: visible=$visible listed=$listed', ({
    visibility,
    who,
    m,
    visible,
    listed,
  }) => {
    expect(isImageVisible(ctx(who), image(visibility), m)).toBe(visible);
    expect(isImageListed(ctx(who), image(visibility), m)).toBe(listed);
    expect(mayModifyImage(ctx(who), image(visibility))).toBe(who === 'owner');
  });

  it('lets an admin see, list and change everything but deleted images', () => {
    const admin = ctx('admin', true);
    for (const v of ['private', 'shared', 'community', 'public'] as const) {
      expect(isImageVisible(admin, image(v))).toBe(true);
      expect(isImageListed(admin, image(v))).toBe(true);
      expect(mayModifyImage(admin, image(v))).toBe(true);
    }
    expect(isImageVisible(admin, { ...image('public'), status: 'deleted' })).toBe(false);
  });

  it('lists pending or rejected shares when member_status asks for them', () => {
    expect(isImageListed(ctx('other'), image('shared'), member('pending'), 'pending')).toBe(true);
    expect(isImageListed(ctx('other'), image('shared'), member('rejected'), 'all')).toBe(true);
    expect(isImageListed(ctx('other'), image('shared'), member('accepted'), 'pending')).toBe(false);
  });
});
