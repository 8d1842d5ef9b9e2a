/**
 * The image service used when no Glance is configured: an in-memory catalog
 * seeded with one public CirrOS image (what devstack uploads), to which tests
 * add images. It has no members: shared images are seen by their owner only.
 * Deployments use EmbeddedImageService (records in the API database). Visibility and ordering follow Glance v2, and
 * callers only ever get frozen copies.
 */
import {
  ImageConflict,
  ImageForbidden,
  type ImageListOptions,
  type ImageMeta,
  ImageNotFound,
  type ImageService,
  InvalidInput,
  type NewImage,
  type RequestContext,
} from '@novats/core';
import {
  compareImagesNewestFirst,
  isImageListed,
  isImageVisible,
  mayModifyImage,
} from './image-visibility.js';

/** The default public image; its uuid is fixed so that examples and tests can name it. */
export const CIRROS_IMAGE: ImageMeta = Object.freeze({
  id: 'a2459075-d96c-40d5-893e-577ff92e721c',
  name: 'cirros-0.6.2-x86_64-disk',
  status: 'active',
  visibility: 'public',
  owner: null,
  container_format: 'bare',
  disk_format: 'qcow2',
  size: 21430272,
  min_ram: 0,
  min_disk: 0,
  properties: Object.freeze({}),
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
});

/** What `add` needs; everything else takes Glance's defaults for an uploaded image. */
export type CatalogImage = Partial<ImageMeta> & Pick<ImageMeta, 'name'>;

/** Base attributes a property change may set (the compute host sets a snapshot's formats). */
const FORMAT_KEYS = new Set(['disk_format', 'container_format']);

export interface EmbeddedImageCatalogOptions {
  /** The images present at start; `[CIRROS_IMAGE]` when omitted. */
  readonly seed?: readonly ImageMeta[];
  /** The time stamped on added images. */
  readonly now?: () => Date;
}

export class EmbeddedImageCatalog implements ImageService {
  readonly #images = new Map<string, ImageMeta>();
  readonly #now: () => Date;

  constructor(opts: EmbeddedImageCatalogOptions = {}) {
    this.#now = opts.now ?? (() => new Date());
    for (const image of opts.seed ?? [CIRROS_IMAGE]) this.#images.set(image.id, freeze(image));
  }

  /**
   * Adds (or replaces) an image. Defaults: a random uuid, `active`, `private`
   * (the owner must then be set to be visible to anyone but admins), bare/qcow2.
   */
  add(image: CatalogImage): ImageMeta {
    const at = this.#now().toISOString();
    const full = freeze({
      id: image.id ?? globalThis.crypto.randomUUID(),
      status: 'active',
      visibility: 'private',
      owner: null,
      container_format: 'bare',
      disk_format: 'qcow2',
      size: 0,
      min_ram: 0,
      min_disk: 0,
      properties: {},
      created_at: at,
      updated_at: at,
      ...image,
    });
    this.#images.set(full.id, full);
    return full;
  }

  /** Removes an image; true when it existed. */
  remove(imageId: string): boolean {
    return this.#images.delete(imageId);
  }

  async show(ctx: RequestContext, imageId: string): Promise<ImageMeta> {
    const image = this.#images.get(imageId);
    // NOTE(glance): an image the caller may not see is reported missing, not forbidden.
    if (!image || !isImageVisible(ctx, image)) throw new ImageNotFound(imageId);
    return image;
  }

  async delete(ctx: RequestContext, imageId: string): Promise<void> {
    const image = await this.show(ctx, imageId);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden('You are not authorized to complete delete_image action.');
    if (image.protected) throw new ImageForbidden(`Image ${imageId} is protected and cannot be deleted.`);
    this.#images.delete(imageId);
  }

  async updateProperties(
    ctx: RequestContext,
    imageId: string,
    change: { readonly set?: Readonly<Record<string, string>>; readonly remove?: readonly string[] },
  ): Promise<ImageMeta> {
    const image = await this.show(ctx, imageId);
    if (!mayModifyImage(ctx, image)) throw new ImageForbidden(`Not authorized for image ${imageId}.`);
    const properties = { ...image.properties };
    const base: Record<string, string> = {};
    for (const key of change.remove ?? []) delete properties[key];
    for (const [key, value] of Object.entries(change.set ?? {})) {
      if (FORMAT_KEYS.has(key)) base[key] = value;
      else properties[key] = value;
    }
    const next = freeze({ ...image, ...base, properties, updated_at: this.#now().toISOString() });
    this.#images.set(imageId, next);
    return next;
  }

  async create(ctx: RequestContext, image: NewImage): Promise<ImageMeta> {
    const owner = image.owner ?? ctx.project_id;
    if (!ctx.is_admin && owner !== ctx.project_id)
      throw new ImageForbidden(`You are not permitted to create images owned by '${owner}'.`);
    const { name, visibility, disk_format, container_format, min_ram, min_disk, owner: _o, ...rest } = image;
    if (visibility === 'public' && !ctx.is_admin)
      throw new ImageForbidden('You are not authorized to complete publicize_image action.');
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) properties[key] = String(value);
    return this.add({
      name,
      status: 'queued',
      visibility: visibility ?? 'shared',
      owner,
      disk_format: disk_format ?? '',
      container_format: container_format ?? '',
      min_ram: min_ram ?? 0,
      min_disk: min_disk ?? 0,
      properties,
    });
  }

  /** Keeps only the size of the data (the catalog has no store); queued → active. */
  async upload(ctx: RequestContext, imageId: string, data: AsyncIterable<Uint8Array>): Promise<void> {
    const image = await this.show(ctx, imageId);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden(`Not allowed to upload image data for image ${imageId}`);
    if (image.status !== 'queued')
      throw new ImageConflict(`Image status transition from ${image.status} to saving is not allowed`);
    let size = 0;
    for await (const chunk of data) size += chunk.byteLength;
    const next = freeze({ ...image, status: 'active', size, updated_at: this.#now().toISOString() });
    this.#images.set(imageId, next);
  }

  async list(ctx: RequestContext, opts: ImageListOptions = {}): Promise<ImageMeta[]> {
    const visible = [...this.#images.values()]
      .filter((i) => isImageListed(ctx, i))
      .sort(compareImagesNewestFirst);
    let start = 0;
    if (opts.marker !== undefined) {
      const at = visible.findIndex((i) => i.id === opts.marker);
      if (at === -1) throw new InvalidInput(`marker [${opts.marker}] not found`);
      start = at + 1;
    }
    const end = opts.limit === undefined ? undefined : start + Math.max(0, opts.limit);
    return visible.slice(start, end);
  }
}

function freeze(image: ImageMeta): ImageMeta {
  return Object.freeze({ ...image, properties: Object.freeze({ ...image.properties }) });
}
