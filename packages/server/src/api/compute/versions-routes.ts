/** The unauthenticated version documents at `/`, `/v2` and `/v2.1`. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatVersion } from '../../http/microversion.js';
import { MAX_COMPUTE_VERSION, MIN_COMPUTE_VERSION } from './api-version.js';

export function origin(req: FastifyRequest): string {
  const proto = (req.headers['x-forwarded-proto'] as string | undefined) ?? req.protocol;
  return `${proto}://${req.headers.host ?? 'localhost'}`;
}

function v21(base: string) {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: formatVersion(MAX_COMPUTE_VERSION),
    min_version: formatVersion(MIN_COMPUTE_VERSION),
    updated: '2013-07-23T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/v2.1/` }],
  };
}

function v20(base: string) {
  return {
    id: 'v2.0',
    status: 'SUPPORTED',
    version: '',
    min_version: '',
    updated: '2011-01-21T11:33:21Z',
    links: [{ rel: 'self', href: `${base}/v2/` }],
  };
}

function versionDetail(doc: ReturnType<typeof v21>, mediaVersion: string) {
  return {
    version: {
      ...doc,
      links: [...doc.links, { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' }],
      'media-types': [
        { base: 'application/json', type: `application/vnd.openstack.compute+json;version=${mediaVersion}` },
      ],
    },
  };
}

export function versionsRoutes(app: FastifyInstance): void {
  app.get('/', async (req, reply) => {
    const base = origin(req);
    reply.code(200).send({ versions: [v20(base), v21(base)] });
  });
  for (const path of ['/v2.1']) {
    app.get(path, async (req) => versionDetail(v21(origin(req)), '2.1'));
  }
  for (const path of ['/v2']) {
    app.get(path, async (req) => versionDetail(v20(origin(req)), '2'));
  }
}
