/**
 * Glance v2's access rules, in one place for every image service:
 * - admins see everything;
 * - `public` and `community` images are visible to all;
 * - `private` images to their owner project only;
 * - `shared` images to their owner and to every member project, whatever the
 *   member's answer (so a member can boot one by id before accepting).
 * The default listing is narrower: other projects' community images are left
 * out, and shared images appear only once the member accepted them.
 * Only the owner (or an admin) may change or delete an image.
 */
import type { ImageMember, ImageMeta, RequestContext } from '@novats/core';

/** Whether `ctx` may show the image (GET /v2/images/{id}); `member` is ctx's membership, if any. */
export function isImageVisible(ctx: RequestContext, image: ImageMeta, member?: ImageMember | null): boolean {
  if (image.status === 'deleted') return false;
  if (ctx.is_admin) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (isImageOwner(ctx, image)) return true;
  return image.visibility === 'shared' && member != null && member.member_id === ctx.project_id;
}

/** Glance's `member_status` list filter: which answers of the caller's memberships are listed. */
export type MemberStatusFilter = ImageMember['status'] | 'all';

/** Whether the image belongs in `ctx`'s default listing (GET /v2/images). */
export function isImageListed(
  ctx: RequestContext,
  image: ImageMeta,
  member?: ImageMember | null,
  memberStatus: MemberStatusFilter = 'accepted',
): boolean {
  if (!isImageVisible(ctx, image, member)) return false;
  if (ctx.is_admin || isImageOwner(ctx, image)) return true;
  if (image.visibility === 'public') return true;
  if (image.visibility === 'shared')
    return member != null && (memberStatus === 'all' || member.status === memberStatus);
  return false;
}

/** The owner project (or an admin) may change, share and delete the image. */
export function mayModifyImage(ctx: RequestContext, image: ImageMeta): boolean {
  return ctx.is_admin || isImageOwner(ctx, image);
}

export function isImageOwner(ctx: RequestContext, image: ImageMeta): boolean {
  return image.owner !== null && ctx.project_id !== null && image.owner === ctx.project_id;
}

/** Glance's default order: `created_at` descending, then `id` descending. */
export function compareImagesNewestFirst(a: ImageMeta, b: ImageMeta): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
