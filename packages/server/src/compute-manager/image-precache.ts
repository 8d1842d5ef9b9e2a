/**
 * Nova's compute manager `cache_images` (2.81 aggregate image pre-cache):
 * asks the driver to cache each image and answers per image `cached`,
 * `existing`, `unsupported` (the driver has no cache) or `error`.
 */
import { type ImageCacheResult, supportsImageCache, type VirtDriver } from '@novats/core';

export async function cacheImages(
  driver: VirtDriver,
  imageIds: readonly string[],
): Promise<Record<string, ImageCacheResult>> {
  const results: Record<string, ImageCacheResult> = {};
  for (const id of imageIds) {
    if (!supportsImageCache(driver)) {
      results[id] = 'unsupported';
      continue;
    }
    try {
      results[id] = (await driver.cacheImage(id)) ? 'cached' : 'existing';
    } catch {
      // NOTE(nova): one image failing does not stop the others; Nova logs it and reports `error`.
      results[id] = 'error';
    }
  }
  return results;
}
