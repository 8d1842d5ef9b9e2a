/**
 * The image API's (Glance v2) request bodies: POST /v2/images, PATCH
 * /v2/images/{id} (`application/openstack-images-v2.1-json-patch`), and the
 * member documents. The writable attributes are typed; any other key is a
 * free-form property, which Glance takes as a string only. Read-only and
 * reserved names (`status`, `size`, `os_glance_*`, ...) are the server's 403,
 * checked before the schema as Glance does.
 */
import type { FromSchema } from '../from-schema.js';
import {
  CONTAINER_FORMATS,
  DISK_FORMATS,
  IMAGE_ID_PATTERN,
  MEMBER_STATUSES,
  VISIBILITIES,
} from './image-formats.js';

const NULLABLE_NAME = { type: ['null', 'string'], maxLength: 255 } as const;

/** The attributes a caller may write, with Glance's types (schema-image.json). */
export const IMAGE_WRITABLE_PROPERTIES = {
  id: { type: 'string', pattern: IMAGE_ID_PATTERN },
  name: NULLABLE_NAME,
  visibility: { type: 'string', enum: VISIBILITIES },
  protected: { type: 'boolean' },
  os_hidden: { type: 'boolean' },
  owner: NULLABLE_NAME,
  container_format: { type: ['null', 'string'], enum: [null, ...CONTAINER_FORMATS] },
  disk_format: { type: ['null', 'string'], enum: [null, ...DISK_FORMATS] },
  tags: { type: 'array', items: { type: 'string', maxLength: 255 } },
  min_ram: { type: 'integer', minimum: 0 },
  min_disk: { type: 'integer', minimum: 0 },
} as const;

/** POST /v2/images. */
export const IMAGE_CREATE = {
  type: 'object',
  properties: IMAGE_WRITABLE_PROPERTIES,
  additionalProperties: { type: 'string' },
} as const;

/** One operation of a v2.1 JSON patch: one level deep, `value` for add and replace. */
export const IMAGE_PATCH_OPERATION = {
  type: 'object',
  properties: {
    op: { enum: ['add', 'remove', 'replace'] },
    path: { type: 'string', pattern: '^/[^/]+$' },
    value: {},
  },
  required: ['op', 'path'],
  if: { properties: { op: { enum: ['add', 'replace'] } } },
  // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword
  then: { required: ['value'] },
} as const;

/** PATCH /v2/images/{id} as `application/openstack-images-v2.1-json-patch`. */
export const IMAGE_PATCH = { type: 'array', items: IMAGE_PATCH_OPERATION } as const;

/** POST /v2/images/{id}/members: the project to share with (other keys are ignored, as by Glance). */
export const IMAGE_MEMBER_CREATE = {
  type: 'object',
  properties: { member: { type: 'string', minLength: 1, pattern: '\\S' } },
  required: ['member'],
} as const;

/** PUT /v2/images/{id}/members/{member}: the member's answer. */
export const IMAGE_MEMBER_UPDATE = {
  type: 'object',
  properties: { status: { type: 'string', enum: MEMBER_STATUSES } },
  required: ['status'],
} as const;

export type ImageCreate = FromSchema<typeof IMAGE_CREATE>;
export type ImagePatchOperation = FromSchema<typeof IMAGE_PATCH_OPERATION>;
export type ImagePatch = FromSchema<typeof IMAGE_PATCH>;
export type ImageMemberCreate = FromSchema<typeof IMAGE_MEMBER_CREATE>;
export type ImageMemberUpdate = FromSchema<typeof IMAGE_MEMBER_UPDATE>;
