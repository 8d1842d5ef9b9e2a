/**
 * What the image API answers, as schemas: an image (Glance's serializer
 * flattens free-form properties to the top level, as strings), the image
 * list with its paging links, a member, the member list, and the schema
 * documents of GET /v2/schemas/*. The SDK's response types come from them
 * and its tests check real answers against them.
 */
import type { FromSchema } from '../from-schema.js';
import {
  CONTAINER_FORMATS,
  DISK_FORMATS,
  IMAGE_STATUSES,
  MEMBER_STATUSES,
  VISIBILITIES,
} from './image-formats.js';

const NULLABLE_STRING = { type: ['null', 'string'] } as const;
const NULLABLE_INTEGER = { type: ['null', 'integer'] } as const;

const IMAGE_FIELDS = {
  id: { type: 'string' },
  name: NULLABLE_STRING,
  status: { type: 'string', enum: IMAGE_STATUSES },
  visibility: { type: 'string', enum: VISIBILITIES },
  protected: { type: 'boolean' },
  os_hidden: { type: 'boolean' },
  checksum: NULLABLE_STRING,
  os_hash_algo: NULLABLE_STRING,
  os_hash_value: NULLABLE_STRING,
  owner: NULLABLE_STRING,
  size: NULLABLE_INTEGER,
  virtual_size: NULLABLE_INTEGER,
  container_format: { type: ['null', 'string'], enum: [null, ...CONTAINER_FORMATS] },
  disk_format: { type: ['null', 'string'], enum: [null, ...DISK_FORMATS] },
  created_at: { type: 'string' },
  updated_at: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } },
  min_ram: { type: 'integer' },
  min_disk: { type: 'integer' },
  self: { type: 'string' },
  file: { type: 'string' },
  schema: { type: 'string' },
} as const;

/** GET /v2/images/{id}, and the answer of a create or a patch. */
export const IMAGE_VIEW = {
  type: 'object',
  properties: IMAGE_FIELDS,
  required: [
    'id',
    'name',
    'status',
    'visibility',
    'protected',
    'os_hidden',
    'checksum',
    'owner',
    'size',
    'virtual_size',
    'container_format',
    'disk_format',
    'created_at',
    'updated_at',
    'tags',
    'min_ram',
    'min_disk',
    'self',
    'file',
    'schema',
  ],
  additionalProperties: { type: 'string' },
} as const;

/** GET /v2/images: a page, with `next` while there are more. */
export const IMAGES_VIEW = {
  type: 'object',
  properties: {
    images: { type: 'array', items: IMAGE_VIEW },
    first: { type: 'string' },
    next: { type: 'string' },
    schema: { type: 'string' },
  },
  required: ['images', 'first', 'schema'],
  additionalProperties: false,
} as const;

/** GET /v2/images/{id}/members/{member}, and the answer of an add or an update. */
export const IMAGE_MEMBER_VIEW = {
  type: 'object',
  properties: {
    image_id: { type: 'string' },
    member_id: { type: 'string' },
    status: { type: 'string', enum: MEMBER_STATUSES },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
    schema: { type: 'string' },
  },
  required: ['image_id', 'member_id', 'status', 'created_at', 'updated_at', 'schema'],
  additionalProperties: false,
} as const;

/** GET /v2/images/{id}/members. */
export const IMAGE_MEMBERS_VIEW = {
  type: 'object',
  properties: {
    members: { type: 'array', items: IMAGE_MEMBER_VIEW },
    schema: { type: 'string' },
  },
  required: ['members', 'schema'],
  additionalProperties: false,
} as const;

/** GET /v2/schemas/{image,images,member,members}: a JSON schema document with Glance's `name` and `links`. */
export const IMAGE_SCHEMA_DOCUMENT_VIEW = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    properties: { type: 'object', additionalProperties: { type: 'object' } },
    additionalProperties: {},
    links: {
      type: 'array',
      items: {
        type: 'object',
        properties: { rel: { type: 'string' }, href: { type: 'string' } },
        required: ['rel', 'href'],
      },
    },
  },
  required: ['name', 'properties'],
} as const;

export type ImageView = FromSchema<typeof IMAGE_VIEW>;
export type ImagesView = FromSchema<typeof IMAGES_VIEW>;
export type ImageMemberView = FromSchema<typeof IMAGE_MEMBER_VIEW>;
export type ImageMembersView = FromSchema<typeof IMAGE_MEMBERS_VIEW>;
export type ImageSchemaDocument = FromSchema<typeof IMAGE_SCHEMA_DOCUMENT_VIEW>;
