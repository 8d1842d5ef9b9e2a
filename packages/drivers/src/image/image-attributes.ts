/**
 * The attributes of Glance's image schema that a caller may write, with
 * Glance's defaults (`[image_format] disk_formats` / `container_formats`,
 * aki/ari/ami included) and its read-only and reserved names. Values are
 * checked here and come back typed; a wrong one is Glance's 400.
 */
import {
  CONTAINER_FORMATS,
  DISK_FORMATS,
  ImageBadRequest,
  ImageForbidden,
  type ImageMeta,
  VISIBILITIES,
} from '@novats/core';

// NOTE(schemas): the allowed values live with the image API's schemas in core, shared with @novats/sdk.
export { CONTAINER_FORMATS, DISK_FORMATS, VISIBILITIES };

/** Attributes Glance computes itself; writing one is a 403. */
export const READ_ONLY_ATTRIBUTES = new Set([
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'id',
  'os_hash_algo',
  'os_hash_value',
  'stores',
  'locations',
]);

/** Names that may not be used as properties at all. */
const RESERVED = new Set(['location', 'deleted', 'deleted_at']);
const RESERVED_NAMESPACE = 'os_glance';

/** The writable attributes of the image itself (the rest are free-form properties). */
export const WRITABLE_BASE = new Set([
  'name',
  'visibility',
  'protected',
  'os_hidden',
  'min_ram',
  'min_disk',
  'container_format',
  'disk_format',
  'owner',
  'tags',
]);

function invalid(reason: string): never {
  throw new ImageBadRequest(`Provided object does not match schema 'image': ${reason}`);
}

/** 403 for a name no caller may write. */
export function checkWritableName(key: string): void {
  if (READ_ONLY_ATTRIBUTES.has(key)) throw new ImageForbidden(`Attribute '${key}' is read-only.`);
  if (RESERVED.has(key) || key.startsWith(RESERVED_NAMESPACE))
    throw new ImageForbidden(`Attribute '${key}' is reserved.`);
}

type Writable = Partial<
  Pick<
    ImageMeta,
    | 'name'
    | 'visibility'
    | 'protected'
    | 'os_hidden'
    | 'min_ram'
    | 'min_disk'
    | 'container_format'
    | 'disk_format'
    | 'owner'
    | 'tags'
  >
>;

function str(key: string, value: unknown, max: number, nullable: boolean): string | null {
  if (value === null && nullable) return null;
  if (typeof value !== 'string')
    invalid(`${JSON.stringify(value)} is not of type 'string'${nullable ? ", 'null'" : ''} (${key})`);
  if (value.length > max) invalid(`'${value}' is too long (${key})`);
  return value;
}

function oneOf(key: string, value: unknown, allowed: readonly string[]): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !allowed.includes(value))
    invalid(
      `${JSON.stringify(value)} is not one of [${allowed.map((a) => `'${a}'`).join(', ')}, None] (${key})`,
    );
  return value;
}

function nonNegativeInt(key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    invalid(`${JSON.stringify(value)} is not of type 'integer' (${key})`);
  if (value < 0) invalid(`${value} is less than the minimum of 0 (${key})`);
  return value;
}

function bool(key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') invalid(`${JSON.stringify(value)} is not of type 'boolean' (${key})`);
  return value;
}

/** One writable base attribute, checked; returns the field to merge into the image. */
export function baseAttribute(key: string, value: unknown): Writable {
  switch (key) {
    case 'name':
      return { name: str(key, value, 255, true) ?? '' };
    case 'owner':
      return { owner: str(key, value, 255, true) };
    case 'visibility':
      if (!(VISIBILITIES as readonly unknown[]).includes(value))
        invalid(
          `${JSON.stringify(value)} is not one of ['community', 'public', 'private', 'shared'] (visibility)`,
        );
      return { visibility: value as ImageMeta['visibility'] };
    case 'protected':
    case 'os_hidden':
      return { [key]: bool(key, value) };
    case 'min_ram':
    case 'min_disk':
      return { [key]: nonNegativeInt(key, value) };
    case 'disk_format':
      return { disk_format: oneOf(key, value, DISK_FORMATS) ?? '' };
    case 'container_format':
      return { container_format: oneOf(key, value, CONTAINER_FORMATS) ?? '' };
    case 'tags': {
      if (!Array.isArray(value) || value.some((t) => typeof t !== 'string' || t.length > 255))
        invalid(`${JSON.stringify(value)} is not an array of strings of at most 255 characters (tags)`);
      return { tags: [...new Set(value as string[])] };
    }
    default:
      throw new TypeError(`not a base attribute: ${key}`);
  }
}

/** A free-form property value: Glance's schema takes strings only. */
export function propertyValue(key: string, value: unknown): string {
  if (key.length > 255)
    throw new ImageBadRequest('Custom property should not be greater than 255 characters.');
  if (typeof value !== 'string') invalid(`${JSON.stringify(value)} is not of type 'string' (${key})`);
  return value;
}
