/**
 * Images (Glance), as Nova uses them. The embedded image service and the
 * Glance v2 client (`[glance] api_servers`) implement it. Every call carries
 * the caller's context, and Glance's access rules apply: private images for
 * their owner project, shared ones also for member projects, public and
 * community ones for all; what the caller may not see is ImageNotFound.
 */
import type { RequestContext } from '../context/request-context.js';
import type { ImageMeta } from '../objects/image.js';

export interface ImageListOptions {
  readonly limit?: number;
  /** The id of the last image of the previous page. */
  readonly marker?: string;
  /** Glance's list filters (`name`, `status`, `min_ram`, properties, ...), passed through. */
  readonly filters?: Readonly<Record<string, string>>;
}

/**
 * A new image as Glance's POST /v2/images takes it: base attributes plus
 * free-form string properties at the top level (Nova's `image_api.create`).
 */
export interface NewImage {
  readonly name: string;
  readonly visibility?: ImageMeta['visibility'];
  /** The owner project; only an admin may name another project than its own. */
  readonly owner?: string;
  readonly disk_format?: string;
  readonly container_format?: string;
  readonly min_ram?: number;
  readonly min_disk?: number;
  readonly [property: string]: string | number | undefined;
}

export interface ImageService {
  /** Resolves the image or rejects with ImageNotFound when missing or not visible to ctx. */
  show(ctx: RequestContext, imageId: string): Promise<ImageMeta>;
  /** Images listed for ctx, in Glance's default order (created_at desc). */
  list(ctx: RequestContext, opts?: ImageListOptions): Promise<ImageMeta[]>;
  /**
   * Deletes the image: ImageNotFound when ctx may not see it, a 403 error
   * when ctx is not its owner (or an admin) or the image is protected.
   */
  delete(ctx: RequestContext, imageId: string): Promise<void>;
  /**
   * Sets the properties in `set` and removes those in `remove`, as one
   * change (a Glance PATCH). Resolves the image after the change;
   * ImageNotFound when ctx may not see it, a 403 error when ctx may not change it.
   */
  updateProperties(
    ctx: RequestContext,
    imageId: string,
    change: { readonly set?: Readonly<Record<string, string>>; readonly remove?: readonly string[] },
  ): Promise<ImageMeta>;
  /**
   * Creates a queued image record without data (Glance's POST /v2/images);
   * owned by `image.owner`, else by ctx's project. A 403 error when ctx may
   * not create it (another owner without admin, public without admin).
   */
  create(ctx: RequestContext, image: NewImage): Promise<ImageMeta>;
  /**
   * Stores the image's data (Glance's PUT /v2/images/{id}/file): queued →
   * active with size and checksums. The disk and container formats must be
   * set first. ImageNotFound when ctx may not see it, a 403 error when ctx
   * may not change it, 413 over the size cap (the image stays queued, no data kept).
   */
  upload(ctx: RequestContext, imageId: string, data: AsyncIterable<Uint8Array>): Promise<void>;
}
