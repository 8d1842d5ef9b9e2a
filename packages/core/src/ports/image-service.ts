/**
 * Images (Glance). The embedded catalog and a Glance v2 client both implement it.
 * Visibility follows Glance: public images for all, private ones for their owner.
 */
import type { RequestContext } from '../context/request-context.js';
import type { ImageMeta } from '../objects/image.js';

export interface ImageService {
  /** Resolves the image or rejects with ImageNotFound when missing or not visible to ctx. */
  show(ctx: RequestContext, imageId: string): Promise<ImageMeta>;
  /** Images visible to ctx, in Glance's default order (created_at desc). */
  list(ctx: RequestContext, opts?: { limit?: number; marker?: string }): Promise<ImageMeta[]>;
}
