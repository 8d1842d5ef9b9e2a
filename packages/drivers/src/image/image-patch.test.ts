import type { ImageMeta, RequestContext } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { applyImagePatch, parseImagePatch } from './image-patch.js';

const owner: RequestContext = { request_id: 'r', user_id: 'u', project_id: 'p', roles: [], is_admin: false };
const base: ImageMeta = {
  id: 'img',
  name: 'n',
  status: 'queued',
  visibility: 'private',
  owner: 'p',
  container_format: 'bare',
  disk_format: 'raw',
  size: 0,
  min_ram: 0,
  min_disk: 0,
  properties: { os_type: 'linux' },
  tags: [],
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

describe('JSON patch of an image', () => {
  it('decodes pointers with ~0 and ~1 escapes and applies add, replace and remove', () => {
    const changes = parseImagePatch(
      [
        { op: 'add', path: '/a~1b~0c', value: 'x' },
        { op: 'replace', path: '/os_type', value: 'windows' },
        { op: 'replace', path: '/min_disk', value: 3 },
        { op: 'remove', path: '/a~1b~0c' },
      ],
      10,
    );
    expect(changes[0].path).toBe('a/b~c');
    const next = applyImagePatch(owner, base, changes, 10);
    expect(next).toMatchObject({ properties: { os_type: 'windows' }, min_disk: 3 });
    expect(base.properties).toEqual({ os_type: 'linux' });
  });

  it.each([
    { body: [{ op: 'add', path: 'name', value: 'x' }], message: 'Pointer `name` does not start with "/".' },
    { body: [{ op: 'add', path: '/a//b', value: 'x' }], message: 'Pointer `/a//b` contains adjacent "/".' },
    {
      body: [{ op: 'add', path: '/a~2', value: 'x' }],
      message: 'contains "~" not part of a recognized escape sequence',
    },
    { body: [{ path: '/a', value: 'x' }], message: 'Unable to find `op` in JSON Schema change.' },
    { body: [{ op: 'add', value: 'x' }], message: "Unable to find 'path' in JSON Schema change" },
    { body: ['x'], message: 'Operations must be JSON objects.' },
  ])('refuses $body: $message', ({ body, message }) => {
    expect(() => parseImagePatch(body, 10)).toThrow(message);
  });

  it('reads the v2.0 form, one operation member each', () => {
    expect(parseImagePatch([{ replace: '/name', value: 'x' }], 4)).toEqual([
      { op: 'replace', path: 'name', value: 'x' },
    ]);
    expect(() => parseImagePatch([{ replace: '/name', add: '/x', value: 'x' }], 4)).toThrow(
      'only one member',
    );
  });

  it('keeps formats fixed once the image has data, and owners to admins', () => {
    const active: ImageMeta = { ...base, status: 'active' };
    const fmt = parseImagePatch([{ op: 'replace', path: '/disk_format', value: 'qcow2' }], 10);
    expect(() => applyImagePatch(owner, active, fmt, 10)).toThrow(
      'Attribute disk_format can be only replaced for a queued image.',
    );
    expect(applyImagePatch(owner, base, fmt, 10).disk_format).toBe('qcow2');
    const own = parseImagePatch([{ op: 'replace', path: '/owner', value: 'q' }], 10);
    expect(() => applyImagePatch(owner, base, own, 10)).toThrow("Owner can't be updated by non admin.");
    expect(applyImagePatch({ ...owner, is_admin: true }, base, own, 10).owner).toBe('q');
  });

  it('refuses to add an existing property in the v2.0 form only', () => {
    const add = [{ op: 'add' as const, path: 'os_type', value: 'x' }];
    expect(() => applyImagePatch(owner, base, add, 4)).toThrow('Property os_type already present.');
    expect(applyImagePatch(owner, base, add, 10).properties.os_type).toBe('x');
  });
});
