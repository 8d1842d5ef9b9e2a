/** /v2/images/{id}/members: add, list, show, accept/reject, remove. */
import type { FastifyInstance } from 'fastify';
import { contextOf, type ImageApiDeps, param } from './image-api-deps.js';
import { imageMemberCreateBody, imageMemberUpdateBody } from './image-bodies.js';
import { memberDocument } from './image-view.js';

export function imageMembersRoutes(app: FastifyInstance, deps: ImageApiDeps): void {
  app.get('/v2/images/:image_id/members', async (req) => ({
    members: (await deps.members.list(contextOf(req), param(req, 'image_id'))).map(memberDocument),
    schema: '/v2/schemas/members',
  }));

  app.post('/v2/images/:image_id/members', async (req) => {
    const { member } = imageMemberCreateBody(req.body);
    return memberDocument(await deps.members.add(contextOf(req), param(req, 'image_id'), member));
  });

  app.get('/v2/images/:image_id/members/:member_id', async (req) =>
    memberDocument(await deps.members.get(contextOf(req), param(req, 'image_id'), param(req, 'member_id'))),
  );

  app.put('/v2/images/:image_id/members/:member_id', async (req) => {
    const { status } = imageMemberUpdateBody(req.body);
    return memberDocument(
      await deps.members.setStatus(contextOf(req), param(req, 'image_id'), param(req, 'member_id'), status),
    );
  });

  app.delete('/v2/images/:image_id/members/:member_id', async (req, reply) => {
    await deps.members.remove(contextOf(req), param(req, 'image_id'), param(req, 'member_id'));
    reply.code(204).send();
  });
}
