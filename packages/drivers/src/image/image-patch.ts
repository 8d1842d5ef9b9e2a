/**
 * PATCH /v2/images/{id} as Glance applies it: a JSON array of operations in
 * the `application/openstack-images-v2.1-json-patch` form (`{op, path,
 * value}`, JSON Schema draft 10) or the older v2.0 form (`{"replace":
 * "/name", "value": ...}`, draft 4). Paths are one level deep; base
 * attributes are replaced (never removed), properties added, replaced or
 * removed. Every operation is checked before any is applied.
 */
import {
  ImageBadRequest,
  ImageConflict,
  ImageForbidden,
  type ImageMeta,
  type RequestContext,
} from '@novats/core';
import { baseAttribute, checkWritableName, propertyValue, WRITABLE_BASE } from './image-attributes.js';

export const PATCH_MEDIA_TYPES: Readonly<Record<string, 4 | 10>> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};

const OPS = ['add', 'remove', 'replace'] as const;
type Op = (typeof OPS)[number];

export interface ImageChange {
  readonly op: Op;
  readonly path: string;
  readonly value?: unknown;
}

function decodePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string')
    throw new ImageBadRequest(`Pointer \`${String(pointer)}\` does not start with "/".`);
  if (!pointer.startsWith('/')) throw new ImageBadRequest(`Pointer \`${pointer}\` does not start with "/".`);
  if (/\/\s*?\//.test(pointer.slice(1)))
    throw new ImageBadRequest(`Pointer \`${pointer}\` contains adjacent "/".`);
  if (pointer.length > 1 && pointer.endsWith('/'))
    throw new ImageBadRequest(`Pointer \`${pointer}\` end with "/".`);
  if (/~[^01]/.test(pointer) || pointer.endsWith('~'))
    throw new ImageBadRequest(
      `Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`,
    );
  return pointer
    .replace(/^\/+/, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

/** Parses and checks the body of a PATCH; throws Glance's 400/403 before anything changes. */
export function parseImagePatch(body: unknown, draft: 4 | 10): ImageChange[] {
  if (body === undefined) throw new ImageBadRequest('Body expected in request.');
  if (!Array.isArray(body))
    throw new ImageBadRequest('Request body must be a JSON array of operation objects.');
  return body.map((raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ImageBadRequest('Operations must be JSON objects.');
    const r = raw as Record<string, unknown>;
    let op: Op;
    let pointer: unknown;
    if (draft === 10) {
      if (r.op === undefined)
        throw new ImageBadRequest(
          `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${OPS.join(', ')}.`,
        );
      if (!(OPS as readonly unknown[]).includes(r.op))
        throw new ImageBadRequest(
          `Invalid operation: \`${String(r.op)}\`. It must be one of the following: ${OPS.join(', ')}.`,
        );
      op = r.op as Op;
      if (!('path' in r)) throw new ImageBadRequest("Unable to find 'path' in JSON Schema change");
      pointer = r.path;
    } else {
      const present = OPS.filter((o) => o in r);
      if (present.length !== 1)
        throw new ImageBadRequest(
          present.length > 1
            ? 'Operation objects must contain only one member named "add", "remove", or "replace".'
            : 'Operation objects must contain exactly one member named "add", "remove", or "replace".',
        );
      op = present[0];
      pointer = r[op];
    }
    const path = decodePointer(pointer);
    if (path.length !== 1)
      throw new ImageBadRequest(`Invalid JSON pointer for this resource: '/${path.join('/')}'`);
    if (op !== 'remove' && !('value' in r))
      throw new ImageBadRequest(`Operation "${op}" requires a member named "value".`);
    checkWritableName(path[0]);
    const change: ImageChange =
      op === 'remove' ? { op, path: path[0] } : { op, path: path[0], value: r.value };
    if (op !== 'remove') {
      if (WRITABLE_BASE.has(change.path)) baseAttribute(change.path, change.value);
      else propertyValue(change.path, change.value);
    }
    return change;
  });
}

/**
 * The image after `changes`, as `ctx` may make them: owner changes are
 * admin-only, formats may change only while the image is queued.
 */
export function applyImagePatch(
  ctx: RequestContext,
  image: ImageMeta,
  changes: readonly ImageChange[],
  draft: 4 | 10,
): ImageMeta {
  let next: ImageMeta = { ...image, properties: { ...image.properties }, tags: [...(image.tags ?? [])] };
  for (const change of changes) {
    const key = change.path;
    const props = next.properties as Record<string, string>;
    if (WRITABLE_BASE.has(key)) {
      if (change.op === 'remove') throw new ImageForbidden(`Property ${key} may not be removed.`);
      if (key === 'owner' && !ctx.is_admin) throw new ImageForbidden("Owner can't be updated by non admin.");
      if ((key === 'disk_format' || key === 'container_format') && next.status !== 'queued')
        throw new ImageForbidden(`Attribute ${key} can be only replaced for a queued image.`);
      next = { ...next, ...baseAttribute(key, change.value) };
      continue;
    }
    const present = Object.hasOwn(props, key);
    if (change.op === 'remove') {
      if (!present) throw new ImageConflict(`Property ${key} does not exist.`);
      delete props[key];
    } else if (change.op === 'replace') {
      if (!present) throw new ImageConflict(`Property ${key} does not exist.`);
      props[key] = propertyValue(key, change.value);
    } else {
      if (present && draft === 4) throw new ImageConflict(`Property ${key} already present.`);
      props[key] = propertyValue(key, change.value);
    }
  }
  return next;
}
