/** Keystone's version documents: `/` (300, one choice) and `/v3`. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { baseUrl } from '../identity-deps.js';

function v3(req: FastifyRequest) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${baseUrl(req)}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

export function versionRoutes(app: FastifyInstance): void {
  app.get('/', async (req, reply) => {
    reply.code(300).header('location', `${baseUrl(req)}/v3/`);
    return { versions: { values: [v3(req)] } };
  });
  app.get('/v3', async (req) => ({ version: v3(req) }));
}
