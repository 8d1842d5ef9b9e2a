/**
 * Glance v2's visibility rules, in one place for every image service:
 * admins see everything; `public` and `community` images are visible to all;
 * `private` and `shared` ones to their owner project only (image members are
 * not modelled yet). Lists leave out community images of other projects, as
 * Glance's default listing does.
 */
import type { ImageMeta, RequestContext } from '@novats/core';

/** Whether `ctx` may show the image (GET /v2/images/{id}). */
export function isImageVisible(ctx: RequestContext, image: ImageMeta): boolean {
  if (image.status === 'deleted') return false;
  if (ctx.is_admin) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  return image.owner !== null && image.owner === ctx.project_id;
}

/** Whether the image belongs in `ctx`'s default listing (GET /v2/images). */
export function isImageListed(ctx: RequestContext, image: ImageMeta): boolean {
  if (!isImageVisible(ctx, image)) return false;
  return image.visibility !== 'community' || ctx.is_admin || image.owner === ctx.project_id;
}

/** Glance's default order: `created_at` descending, then `id` descending. */
export function compareImagesNewestFirst(a: ImageMeta, b: ImageMeta): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
