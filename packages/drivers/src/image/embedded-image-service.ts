/**
 * The embedded image service: Glance v2's image operations over image
 * records in the API database and data in a local store. The image API
 * (port 9292) calls the Glance-shaped methods; Nova calls the ImageService
 * port (show, list, delete), which answers with Nova's ImageNotFound. Every
 * method takes the caller's context and applies image-visibility.ts: what
 * the caller may not see is "not found", what it may see but not change is
 * "forbidden".
 */
import {
  ImageBadRequest,
  ImageConflict,
  type ImageData,
  ImageForbidden,
  type ImageMeta,
  ImageNotFound,
  ImageResourceNotFound,
  type ImageService,
  ImageSizeLimitExceeded,
  isNovaError,
  type RequestContext,
  type SupportsImageDownload,
} from '@novats/core';
import type { KnexImageRepository } from '../db/image/image-repository.js';
import type { FilesystemImageStore } from './filesystem-image-store.js';
import { baseAttribute, checkWritableName, propertyValue, WRITABLE_BASE } from './image-attributes.js';
import { type ImageListQuery, type ImagePage, selectImages } from './image-list-query.js';
import { applyImagePatch, type ImageChange } from './image-patch.js';
import { isImageVisible, mayModifyImage } from './image-visibility.js';

/** Glance's `image_size_cap` default: 1 TiB. */
export const DEFAULT_IMAGE_SIZE_CAP = 1099511627776;

export interface EmbeddedImageServiceOptions {
  readonly repository: KnexImageRepository;
  readonly store: FilesystemImageStore;
  /** `image_size_cap`: the largest image data accepted, in bytes. */
  readonly sizeCap?: number;
  readonly now?: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class EmbeddedImageService implements ImageService, SupportsImageDownload {
  readonly repository: KnexImageRepository;
  readonly store: FilesystemImageStore;
  readonly sizeCap: number;
  readonly #now: () => Date;

  constructor(opts: EmbeddedImageServiceOptions) {
    this.repository = opts.repository;
    this.store = opts.store;
    this.sizeCap = opts.sizeCap ?? DEFAULT_IMAGE_SIZE_CAP;
    this.#now = opts.now ?? (() => new Date());
  }

  // ---- the ImageService port (Nova's view) ----

  async show(ctx: RequestContext, imageId: string): Promise<ImageMeta> {
    try {
      return await this.get(ctx, imageId);
    } catch (err) {
      if (isNovaError(err) && err.status === 404) throw new ImageNotFound(imageId);
      throw err;
    }
  }

  async list(
    ctx: RequestContext,
    opts: { limit?: number; marker?: string; filters?: Record<string, string> } = {},
  ): Promise<ImageMeta[]> {
    const page = await this.query(ctx, {
      limit: opts.limit ?? Number.MAX_SAFE_INTEGER,
      ...(opts.marker !== undefined ? { marker: opts.marker } : {}),
      sortKeys: ['created_at'],
      sortDirs: ['desc'],
      memberStatus: 'accepted',
      tags: [],
      filters: opts.filters ?? {},
    });
    return page.images;
  }

  async delete(ctx: RequestContext, imageId: string): Promise<void> {
    const image = await this.#visible(ctx, imageId, `Failed to find image ${imageId} to delete`);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden('You are not authorized to complete delete_image action.');
    if (image.protected) throw new ImageForbidden(`Image ${imageId} is protected and cannot be deleted.`);
    await this.repository.delete(imageId);
    await this.store.delete(imageId);
  }

  async updateProperties(
    ctx: RequestContext,
    imageId: string,
    change: { readonly set?: Readonly<Record<string, string>>; readonly remove?: readonly string[] },
  ): Promise<ImageMeta> {
    const changes: ImageChange[] = [
      ...(change.remove ?? []).map((path) => ({ op: 'remove' as const, path })),
      ...Object.entries(change.set ?? {}).map(([path, value]) => ({ op: 'add' as const, path, value })),
    ];
    try {
      return await this.update(ctx, imageId, changes, 10);
    } catch (err) {
      if (isNovaError(err) && err.status === 404) throw new ImageNotFound(imageId);
      throw err;
    }
  }

  // ---- Glance v2 ----

  /** GET /v2/images/{id}. */
  get(ctx: RequestContext, imageId: string): Promise<ImageMeta> {
    return this.#visible(ctx, imageId, `No image found with ID ${imageId}`);
  }

  /** GET /v2/images. */
  async query(ctx: RequestContext, q: ImageListQuery): Promise<ImagePage> {
    const [images, members] = await Promise.all([
      this.repository.list(),
      ctx.project_id ? this.repository.membershipsOf(ctx.project_id) : new Map(),
    ]);
    return selectImages(ctx, images, members, q);
  }

  /** POST /v2/images: a queued image without data, owned by the caller's project. */
  async create(ctx: RequestContext, body: Record<string, unknown>): Promise<ImageMeta> {
    const fields: Record<string, unknown> = {};
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) {
      if (key !== 'id') checkWritableName(key);
      if (key === 'id') {
        if (typeof value !== 'string' || !UUID.test(value))
          throw new ImageBadRequest(
            `Provided object does not match schema 'image': ${JSON.stringify(value)} is not a valid UUID (id)`,
          );
      } else if (WRITABLE_BASE.has(key)) Object.assign(fields, baseAttribute(key, value));
      else properties[key] = propertyValue(key, value);
    }
    const owner = 'owner' in fields ? (fields.owner as string | null) : ctx.project_id;
    if (!ctx.is_admin && owner !== ctx.project_id)
      throw new ImageForbidden(`You are not permitted to create images owned by '${owner}'.`);
    const visibility = (fields.visibility as ImageMeta['visibility'] | undefined) ?? 'shared';
    this.#checkPublicize(ctx, visibility);
    const at = this.#now().toISOString();
    const image: ImageMeta = {
      id: (body.id as string | undefined) ?? globalThis.crypto.randomUUID(),
      name: '',
      status: 'queued',
      container_format: '',
      disk_format: '',
      size: 0,
      virtual_size: null,
      min_ram: 0,
      min_disk: 0,
      protected: false,
      os_hidden: false,
      checksum: null,
      os_hash_algo: null,
      os_hash_value: null,
      tags: [],
      ...fields,
      visibility,
      owner,
      properties,
      created_at: at,
      updated_at: at,
    } as ImageMeta;
    await this.repository.create(image);
    return image;
  }

  /** Adds an image record as is (the all-in-one's seed image); false when its id exists. */
  async seed(image: ImageMeta): Promise<boolean> {
    if (await this.repository.get(image.id)) return false;
    await this.repository.create(image);
    return true;
  }

  /** PATCH /v2/images/{id}, with changes already parsed (image-patch.ts). */
  async update(
    ctx: RequestContext,
    imageId: string,
    changes: readonly ImageChange[],
    draft: 4 | 10,
  ): Promise<ImageMeta> {
    const image = await this.get(ctx, imageId);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden('You are not authorized to complete modify_image action.');
    if (changes.length === 0) return image;
    const next = { ...applyImagePatch(ctx, image, changes, draft), updated_at: this.#now().toISOString() };
    if (next.visibility !== image.visibility) this.#checkPublicize(ctx, next.visibility);
    if (!(await this.repository.save(next)))
      throw new ImageResourceNotFound(`No image found with ID ${imageId}`);
    return next;
  }

  /** POST /v2/images/{id}/actions/deactivate and reactivate. */
  async setActive(ctx: RequestContext, imageId: string, active: boolean): Promise<void> {
    const action = active ? 'reactivate' : 'deactivate';
    const image = await this.get(ctx, imageId);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden(`You are not authorized to complete ${action} action.`);
    const [from, to] = active ? (['deactivated', 'active'] as const) : (['active', 'deactivated'] as const);
    if (image.status === to) return;
    if (
      image.status !== from ||
      !(await this.repository.transition(imageId, [from], to, this.#now().toISOString()))
    )
      throw new ImageForbidden(`Not allowed to ${action} image in status '${image.status}'`);
  }

  /**
   * PUT /v2/images/{id}/file: queued → saving → active. Data over the size
   * cap (announced or streamed) is refused with 413 and the image goes back
   * to queued with no data kept.
   */
  async upload(
    ctx: RequestContext,
    imageId: string,
    data: AsyncIterable<Uint8Array>,
    contentLength?: number,
  ): Promise<void> {
    const image = await this.get(ctx, imageId);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden(`Not allowed to upload image data for image ${imageId}`);
    const missing = (['disk_format', 'container_format'] as const).filter((k) => !image[k]);
    if (missing.length > 0)
      throw new ImageBadRequest(
        `${missing.length === 1 ? 'Property' : 'Properties'} ${missing.join(', ')} must be set prior to saving data.`,
      );
    if (!(await this.repository.transition(imageId, ['queued'], 'saving', this.#now().toISOString())))
      throw new ImageConflict(`Image status transition from ${image.status} to saving is not allowed`);
    try {
      if (contentLength !== undefined && contentLength > this.sizeCap)
        throw new ImageSizeLimitExceeded('The provided image is too large.');
      const stored = await this.store.add(imageId, data, this.sizeCap);
      const saved = await this.repository.save({
        ...image,
        ...stored,
        status: 'active',
        updated_at: this.#now().toISOString(),
      });
      if (!saved) {
        await this.store.delete(imageId);
        throw new ImageResourceNotFound(
          `Image ${imageId} could not be found after upload. The image may have been deleted during the upload.`,
        );
      }
    } catch (err) {
      await this.repository.transition(imageId, ['saving'], 'queued', this.#now().toISOString());
      if (isNovaError(err) && err.code === 'image.size_limit_exceeded')
        throw new ImageSizeLimitExceeded(`The incoming image is too large: ${err.message}`);
      throw err;
    }
  }

  /**
   * The SupportsImageDownload facet (what a hypervisor driver boots from):
   * the bytes, streamed; ImageNotFound when ctx may not see the image.
   */
  async download(ctx: RequestContext, imageId: string): Promise<{ readonly data: ImageData | null }> {
    let data: Awaited<ReturnType<EmbeddedImageService['openData']>>['data'];
    try {
      ({ data } = await this.openData(ctx, imageId));
    } catch (err) {
      if (isNovaError(err) && err.status === 404) throw new ImageNotFound(imageId);
      throw err;
    }
    // NOTE(no-data): Glance's 204; the driver turns it into Nova's ImageUnacceptable.
    return { data: data ? { stream: data.stream } : null };
  }

  /** GET /v2/images/{id}/file: the data, or null when the image has none (Glance's 204). */
  async openData(ctx: RequestContext, imageId: string) {
    const image = await this.get(ctx, imageId);
    if (image.status === 'deactivated' && !ctx.is_admin)
      throw new ImageForbidden('The requested image has been deactivated. Image data download is forbidden.');
    const data = image.checksum ? await this.store.open(imageId) : null;
    return { image, data };
  }

  /** PUT /v2/images/{id}/tags/{tag}. */
  async addTag(ctx: RequestContext, imageId: string, tag: string): Promise<void> {
    const image = await this.#visible(ctx, imageId, `Image ${imageId} not found.`);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden(`Not allowed to update tags for image ${imageId}.`);
    if (tag.length > 255) throw new ImageBadRequest(`Could not update image: '${tag}' is too long`);
    if (image.tags?.includes(tag)) return;
    await this.repository.save({
      ...image,
      tags: [...(image.tags ?? []), tag],
      updated_at: this.#now().toISOString(),
    });
  }

  /** DELETE /v2/images/{id}/tags/{tag}. */
  async removeTag(ctx: RequestContext, imageId: string, tag: string): Promise<void> {
    const image = await this.#visible(ctx, imageId, `Image ${imageId} not found.`);
    if (!mayModifyImage(ctx, image))
      throw new ImageForbidden(`Not allowed to delete tags for image ${imageId}.`);
    if (!image.tags?.includes(tag)) throw new ImageResourceNotFound('The resource could not be found.');
    await this.repository.save({
      ...image,
      tags: image.tags.filter((t) => t !== tag),
      updated_at: this.#now().toISOString(),
    });
  }

  /** Publicizing is admin-only (Glance's `publicize_image` policy). */
  #checkPublicize(ctx: RequestContext, visibility: ImageMeta['visibility']): void {
    if (visibility === 'public' && !ctx.is_admin)
      throw new ImageForbidden('You are not authorized to complete publicize_image action.');
  }

  /** The image if ctx may see it; else ImageResourceNotFound with `missing`. */
  async #visible(ctx: RequestContext, imageId: string, missing: string): Promise<ImageMeta> {
    const image = await this.repository.get(imageId);
    if (!image) throw new ImageResourceNotFound(missing);
    const member =
      image.visibility === 'shared' && ctx.project_id
        ? await this.repository.member(imageId, ctx.project_id)
        : null;
    if (!isImageVisible(ctx, image, member)) throw new ImageResourceNotFound(missing);
    return image;
  }
}
