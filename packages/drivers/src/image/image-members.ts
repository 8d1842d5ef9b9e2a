/**
 * Image members (Glance v2's /v2/images/{id}/members): the owner shares a
 * `shared` image with other projects, each member project accepts or
 * rejects it. The owner sees every member; a member sees only itself; only
 * the member may answer, only the owner (or an admin) may add or remove.
 */
import {
  ImageBadRequest,
  ImageForbidden,
  type ImageMember,
  type ImageMeta,
  ImageResourceNotFound,
  type RequestContext,
} from '@novats/core';
import type { KnexImageRepository } from '../db/image/image-repository.js';
import { isImageOwner, isImageVisible, mayModifyImage } from './image-visibility.js';

export const MEMBER_STATUSES = ['pending', 'accepted', 'rejected'] as const;

export class ImageMembers {
  readonly #now: () => Date;

  constructor(
    private readonly repository: KnexImageRepository,
    now?: () => Date,
  ) {
    this.#now = now ?? (() => new Date());
  }

  /** GET /v2/images/{id}/members. */
  async list(ctx: RequestContext, imageId: string): Promise<ImageMember[]> {
    const image = await this.#image(ctx, imageId);
    if (image.visibility !== 'shared')
      throw new ImageForbidden(
        `Not allowed to list members for image ${imageId}: Only shared images have members.`,
      );
    const all = await this.repository.members(imageId);
    return mayModifyImage(ctx, image) ? all : all.filter((m) => m.member_id === ctx.project_id);
  }

  /** GET /v2/images/{id}/members/{member}. */
  async get(ctx: RequestContext, imageId: string, memberId: string): Promise<ImageMember> {
    const image = await this.#image(ctx, imageId);
    if (image.visibility !== 'shared') throw new ImageForbidden('Only shared images have members.');
    return this.#member(ctx, image, memberId);
  }

  /** POST /v2/images/{id}/members: a pending membership. */
  async add(ctx: RequestContext, imageId: string, memberId: string): Promise<ImageMember> {
    const image = await this.#image(ctx, imageId);
    if (image.visibility !== 'shared' || !mayModifyImage(ctx, image))
      throw new ImageForbidden(`Not allowed to create members for image ${imageId}.`);
    const at = this.#now().toISOString();
    const member: ImageMember = {
      image_id: imageId,
      member_id: memberId,
      status: 'pending',
      created_at: at,
      updated_at: at,
    };
    await this.repository.addMember(member);
    return member;
  }

  /** PUT /v2/images/{id}/members/{member}: the member's answer. */
  async setStatus(
    ctx: RequestContext,
    imageId: string,
    memberId: string,
    status: unknown,
  ): Promise<ImageMember> {
    const image = await this.#image(ctx, imageId);
    // NOTE(glance): the owner may not answer for its members.
    if (image.visibility !== 'shared' || (!ctx.is_admin && isImageOwner(ctx, image)))
      throw new ImageForbidden(`Not allowed to update members for image ${imageId}.`);
    const member = await this.#member(ctx, image, memberId);
    if (!(MEMBER_STATUSES as readonly unknown[]).includes(status))
      throw new ImageBadRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".');
    const next = {
      ...member,
      status: status as ImageMember['status'],
      updated_at: this.#now().toISOString(),
    };
    await this.repository.updateMember(next);
    return next;
  }

  /** DELETE /v2/images/{id}/members/{member}. */
  async remove(ctx: RequestContext, imageId: string, memberId: string): Promise<void> {
    const image = await this.#image(ctx, imageId);
    if (image.visibility !== 'shared' || !mayModifyImage(ctx, image))
      throw new ImageForbidden(`Not allowed to delete members for image ${imageId}.`);
    await this.#member(ctx, image, memberId);
    await this.repository.removeMember(imageId, memberId);
  }

  async #image(ctx: RequestContext, imageId: string): Promise<ImageMeta> {
    const image = await this.repository.get(imageId);
    const own = image && ctx.project_id ? await this.repository.member(imageId, ctx.project_id) : null;
    if (!image || !isImageVisible(ctx, image, own))
      throw new ImageResourceNotFound(`Image ${imageId} not found.`);
    return image;
  }

  /** A membership ctx may see: any for the owner or an admin, its own for a member. */
  async #member(ctx: RequestContext, image: ImageMeta, memberId: string): Promise<ImageMember> {
    const visible = mayModifyImage(ctx, image) || memberId === ctx.project_id;
    const member = visible ? await this.repository.member(image.id, memberId) : null;
    if (!member)
      throw new ImageResourceNotFound(`${memberId} not found in the member list of the image ${image.id}.`);
    return member;
  }
}
