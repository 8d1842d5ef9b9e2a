/**
 * The image-data facet of an image service: what a hypervisor driver needs
 * to boot from an image (Nova's `glance.API.download`). Optional, detected
 * with the guard below, because a metadata-only catalog has no data to give.
 */
import type { RequestContext } from '../context/request-context.js';
import type { ImageService } from './image-service.js';

export interface SupportsImageDownload {
  /** The image's bytes (Glance's GET /v2/images/{id}/file), streamed; rejects with ImageNotFound. */
  download(ctx: RequestContext, imageId: string): Promise<AsyncIterable<Uint8Array>>;
}

export function supportsImageDownload(images: ImageService): images is ImageService & SupportsImageDownload {
  return typeof (images as Partial<SupportsImageDownload>).download === 'function';
}
