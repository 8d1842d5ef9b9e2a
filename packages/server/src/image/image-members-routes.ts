/** /v2/images/{id}/members: add, list, show, accept/reject, remove. */
import { ImageBadRequest } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import { contextOf, type ImageApiDeps, param } from './image-api-deps.js';
import { memberDocument } from './image-view.js';

function field(body: unknown, name: 'member' | 'status'): unknown {
  if (body === undefined || body === null) throw new ImageBadRequest('Body expected in request.');
  if (typeof body !== 'object' || !(name in body))
    throw new ImageBadRequest(
      name === 'member' ? 'Member to be added not specified' : 'Status not specified',
    );
  return (body as Record<string, unknown>)[name];
}

export function imageMembersRoutes(app: FastifyInstance, deps: ImageApiDeps): void {
  app.get('/v2/images/:image_id/members', async (req) => ({
    members: (await deps.members.list(contextOf(req), param(req, 'image_id'))).map(memberDocument),
    schema: '/v2/schemas/members',
  }));

  app.post('/v2/images/:image_id/members', async (req) => {
    const member = field(req.body, 'member');
    if (typeof member !== 'string')
      throw new ImageBadRequest('Expected a member in the form: {"member": "image_id"}');
    if (member.trim() === '') throw new ImageBadRequest("Member can't be empty");
    return memberDocument(await deps.members.add(contextOf(req), param(req, 'image_id'), member));
  });

  app.get('/v2/images/:image_id/members/:member_id', async (req) =>
    memberDocument(await deps.members.get(contextOf(req), param(req, 'image_id'), param(req, 'member_id'))),
  );

  app.put('/v2/images/:image_id/members/:member_id', async (req) => {
    const status = field(req.body, 'status');
    if (typeof status !== 'string')
      throw new ImageBadRequest('Expected a status in the form: {"status": "status"}');
    return memberDocument(
      await deps.members.setStatus(contextOf(req), param(req, 'image_id'), param(req, 'member_id'), status),
    );
  });

  app.delete('/v2/images/:image_id/members/:member_id', async (req, reply) => {
    await deps.members.remove(contextOf(req), param(req, 'image_id'), param(req, 'member_id'));
    reply.code(204).send();
  });
}
