/**
 * Image metadata as Glance v2 returns it. Nova reads the first block; the
 * optional fields are the rest of Glance's image document, filled by image
 * services that know them (the embedded service and the Glance client do).
 */
export interface ImageMeta {
  readonly id: string;
  readonly name: string;
  readonly status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'pending_delete' | 'deactivated';
  readonly visibility: 'public' | 'private' | 'shared' | 'community';
  readonly owner: string | null;
  readonly container_format: string;
  readonly disk_format: string;
  readonly size: number;
  readonly min_ram: number;
  readonly min_disk: number;
  /** Every other key of Glance's document (hw_*, img_*, os_type, architecture, ...), as strings. */
  readonly properties: Readonly<Record<string, string>>;
  readonly created_at: string;
  readonly updated_at: string;
  /** A protected image cannot be deleted. */
  readonly protected?: boolean;
  /** Hidden from default listings (`os_hidden`). */
  readonly os_hidden?: boolean;
  readonly tags?: readonly string[];
  /** md5 of the data, hex; null until uploaded. */
  readonly checksum?: string | null;
  /** Glance's multihash: `os_hash_algo` (sha512) and its hex value. */
  readonly os_hash_algo?: string | null;
  readonly os_hash_value?: string | null;
  readonly virtual_size?: number | null;
}

/** Glance's image member: a project the owner shared an image with, and its answer. */
export interface ImageMember {
  readonly image_id: string;
  readonly member_id: string;
  readonly status: 'pending' | 'accepted' | 'rejected';
  readonly created_at: string;
  readonly updated_at: string;
}
