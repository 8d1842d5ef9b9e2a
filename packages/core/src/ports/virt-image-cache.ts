/**
 * The image pre-cache facet of a virt driver (Nova's `ComputeDriver.cache_image`,
 * used by POST /os-aggregates/{id}/images from 2.81). A driver without it
 * answers `unsupported` for every image, as Nova's NotImplementedError does.
 */
import type { VirtDriver } from './virt-driver.js';

export interface SupportsImageCache {
  /**
   * Brings the image into the host's image cache. Resolves true when it was
   * fetched now, false when it was already cached; rejects when it cannot be
   * fetched. Idempotent.
   */
  cacheImage(imageId: string): Promise<boolean>;
}

export function supportsImageCache(driver: VirtDriver): driver is VirtDriver & SupportsImageCache {
  return typeof (driver as Partial<SupportsImageCache>).cacheImage === 'function';
}

/** What one host answers per image (Nova's compute manager `cache_images`). */
export type ImageCacheResult = 'cached' | 'existing' | 'unsupported' | 'error';
