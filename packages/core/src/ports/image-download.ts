/**
 * The image-data facet of an image service: what a hypervisor driver needs
 * to boot from an image (Nova's `glance.API.download`). Optional, detected
 * with the guard below, because a metadata-only catalog has no data to give.
 * The embedded image service and the Glance v2 client both offer it.
 */
import type { RequestContext } from '../context/request-context.js';
import type { ImageService } from './image-service.js';

/** An image's bytes, streamed so that a large image never sits in memory. */
export interface ImageData {
  readonly stream: AsyncIterable<Uint8Array>;
}

export interface SupportsImageDownload {
  /**
   * Glance's GET /v2/images/{id}/file: the data, or null when the image has
   * none yet (Glance's 204). Rejects with ImageNotFound for an unknown image.
   */
  download(ctx: RequestContext, imageId: string): Promise<{ readonly data: ImageData | null }>;
}

export function supportsImageDownload(images: ImageService): images is ImageService & SupportsImageDownload {
  return typeof (images as Partial<SupportsImageDownload>).download === 'function';
}
