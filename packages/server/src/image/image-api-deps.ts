/** What the image API's routes are built from. */
import type { RequestContext } from '@novats/core';
import type { EmbeddedImageService, ImageMembers } from '@novats/drivers';
import type { FastifyRequest } from 'fastify';

export interface ImageApiDeps {
  readonly images: EmbeddedImageService;
  readonly members: ImageMembers;
}

/** The caller's context, set by the app's authentication hook. */
export function contextOf(req: FastifyRequest): RequestContext {
  return (req as unknown as { imageContext: RequestContext }).imageContext;
}

export function param(req: FastifyRequest, name: string): string {
  return (req.params as Record<string, string>)[name];
}
