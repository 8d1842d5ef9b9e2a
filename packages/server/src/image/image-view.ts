/**
 * The JSON documents of the image API: an image as Glance's
 * ResponseSerializer formats it (properties flattened at the top level,
 * times in seconds, `self`/`file`/`schema` links) and an image member.
 */
import type { ImageMember, ImageMeta } from '@novats/core';

/** Glance's isotime: `2024-01-01T00:00:00Z`. */
export function isoSeconds(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

export function imageDocument(image: ImageMeta): Record<string, unknown> {
  const hasData = Boolean(image.checksum);
  return {
    ...image.properties,
    name: image.name === '' ? null : image.name,
    disk_format: image.disk_format || null,
    container_format: image.container_format || null,
    visibility: image.visibility,
    size: hasData || image.status === 'active' ? image.size : null,
    virtual_size: image.virtual_size ?? null,
    status: image.status,
    checksum: image.checksum ?? null,
    protected: image.protected ?? false,
    min_ram: image.min_ram,
    min_disk: image.min_disk,
    owner: image.owner,
    os_hidden: image.os_hidden ?? false,
    os_hash_algo: image.os_hash_algo ?? null,
    os_hash_value: image.os_hash_value ?? null,
    id: image.id,
    created_at: isoSeconds(image.created_at),
    updated_at: isoSeconds(image.updated_at),
    tags: [...(image.tags ?? [])],
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
}

export function memberDocument(member: ImageMember): Record<string, unknown> {
  return {
    created_at: isoSeconds(member.created_at),
    image_id: member.image_id,
    member_id: member.member_id,
    schema: '/v2/schemas/member',
    status: member.status,
    updated_at: isoSeconds(member.updated_at),
  };
}
