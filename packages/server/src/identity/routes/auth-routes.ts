/**
 * /v3/auth: issue (POST), validate (GET, HEAD), revoke (DELETE) tokens, and
 * what a token may reach (catalog, projects, domains, system).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../authenticate.js';
import { buildCatalog } from '../catalog.js';
import { callerOf, type IdentityDeps, linksOf, query, queryBool, selfUrl } from '../identity-deps.js';
import { KeystoneError } from '../identity-errors.js';
import { domainView, listBody, projectView } from '../identity-views.js';

const subjectHeader = (req: FastifyRequest) => {
  const h = req.headers['x-subject-token'];
  return Array.isArray(h) ? h[0] : h;
};

export function authRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store, tokens, resolver } = deps;

  app.post('/v3/auth/tokens', async (req, reply) => {
    const issue = await authenticate(store, tokens, req.body);
    const model = await tokens.issue(issue);
    const noCatalog = queryBool(query(req).nocatalog) === true;
    if (Math.random() < 0.01) void tokens.purgeExpired().catch(() => {});
    reply.code(201).header('x-subject-token', model.token).type('application/json');
    return tokens.render(model, !noCatalog);
  });

  const validated = async (req: FastifyRequest) => {
    const caller = callerOf(req);
    const subject = await tokens.validate(subjectHeader(req));
    deps.policy.authorize('identity:validate_token', caller, { user_id: subject?.user.id ?? null });
    if (!subject) throw new KeystoneError(404, 'Failed to validate token', 'identity.token_not_found');
    return subject;
  };

  app.get('/v3/auth/tokens', async (req, reply) => {
    const subject = await validated(req);
    const noCatalog = queryBool(query(req).nocatalog) === true;
    reply.header('x-subject-token', subject.token).type('application/json');
    return tokens.render(subject, !noCatalog);
  });

  app.head('/v3/auth/tokens', async (req, reply) => {
    const subject = await validated(req);
    reply.code(200).header('x-subject-token', subject.token).send();
  });

  app.delete('/v3/auth/tokens', async (req, reply) => {
    const caller = callerOf(req);
    const subject = await tokens.validate(subjectHeader(req));
    deps.policy.authorize('identity:revoke_token', caller, { user_id: subject?.user.id ?? null });
    if (!subject) throw new KeystoneError(404, 'Failed to validate token', 'identity.token_not_found');
    await tokens.revoke(subject);
    reply.code(204).send();
  });

  app.get('/v3/auth/catalog', async (req) => {
    const caller = callerOf(req);
    if (!caller.project && !caller.domain && !caller.system) {
      throw new KeystoneError(403, 'A scoped token is required to retrieve the catalog.');
    }
    return {
      catalog: await buildCatalog(store, caller.user.id, caller.project?.id ?? null),
      links: { self: selfUrl(req), previous: null, next: null },
    };
  });

  app.get('/v3/auth/projects', async (req) => {
    const caller = callerOf(req);
    const l = linksOf(req);
    const projects = [];
    for (const p of await store.projects.list({ enabled: true })) {
      if ((await resolver.roleIds(caller.user.id, { project: p.id })).length > 0)
        projects.push(projectView(p, l));
    }
    return listBody('projects', projects, selfUrl(req));
  });

  app.get('/v3/auth/domains', async (req) => {
    const caller = callerOf(req);
    const l = linksOf(req);
    const domains = [];
    for (const d of await store.domains.list({ enabled: true })) {
      if ((await resolver.roleIds(caller.user.id, { domain: d.id })).length > 0)
        domains.push(domainView(d, l));
    }
    return listBody('domains', domains, selfUrl(req));
  });

  app.get('/v3/auth/system', async (req) => {
    const caller = callerOf(req);
    const has = (await resolver.roleIds(caller.user.id, { system: true })).length > 0;
    return { system: has ? [{ all: true }] : [], links: { self: selfUrl(req), previous: null, next: null } };
  });
}
