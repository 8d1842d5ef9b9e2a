/** /v3/domains: names are unique without regard to case; only a disabled domain may be deleted. */
import { DOMAIN_CREATE_MEMBER, DOMAIN_UPDATE_MEMBER } from '@novats/core';
import { IdentityDuplicate } from '@novats/drivers';
import type { FastifyInstance } from 'fastify';
import {
  callerOf,
  type IdentityDeps,
  linksOf,
  member,
  newId,
  optionalBool,
  query,
  queryBool,
  requireString,
  selfUrl,
  splitExtra,
} from '../identity-deps.js';
import { conflict, KeystoneError, notFound } from '../identity-errors.js';
import { domainView, listBody } from '../identity-views.js';

export function domainRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store } = deps;
  const load = async (id: string) => {
    const d = await store.domains.get({ id });
    if (!d) throw notFound('domain', id);
    return d;
  };

  app.get('/v3/domains', async (req) => {
    deps.policy.authorize('identity:list_domains', callerOf(req));
    const q = query(req);
    const enabled = queryBool(q.enabled);
    const rows = (await store.domains.list()).filter(
      (d) => (q.name === undefined || d.name === q.name) && (enabled === undefined || d.enabled === enabled),
    );
    const l = linksOf(req);
    return listBody(
      'domains',
      rows.map((d) => domainView(d, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/domains', async (req, reply) => {
    deps.policy.authorize('identity:create_domain', callerOf(req));
    const body = member(req, 'domain', DOMAIN_CREATE_MEMBER);
    const name = requireString(body, 'name', 'domain');
    const { extra } = splitExtra(body, [
      'name',
      'description',
      'enabled',
      'tags',
      'options',
      'explicit_domain_id',
    ]);
    const id = typeof body.explicit_domain_id === 'string' ? body.explicit_domain_id : newId();
    const row = {
      id,
      name,
      name_lower: name.toLowerCase(),
      description: typeof body.description === 'string' ? body.description : null,
      enabled: optionalBool(body, 'enabled') ?? true,
      extra,
    };
    try {
      await store.domains.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('domain', `Duplicate entry found with name ${name}`);
      throw err;
    }
    reply.code(201);
    return { domain: domainView(row, linksOf(req)) };
  });

  app.get('/v3/domains/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:get_domain', callerOf(req), { domain_id: id });
    return { domain: domainView(await load(id), linksOf(req)) };
  });

  app.patch('/v3/domains/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_domain', callerOf(req));
    const current = await load(id);
    const body = member(req, 'domain', DOMAIN_UPDATE_MEMBER);
    const patch: Record<string, unknown> = {};
    if (typeof body.name === 'string')
      Object.assign(patch, { name: body.name, name_lower: body.name.toLowerCase() });
    if (typeof body.description === 'string') patch.description = body.description;
    const enabled = optionalBool(body, 'enabled');
    if (enabled !== undefined) patch.enabled = enabled;
    try {
      await store.domains.update({ id }, patch);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('domain', `Duplicate entry found with name ${body.name}`);
      throw err;
    }
    if (enabled === false) await revokeDomain(deps, id);
    return { domain: domainView({ ...current, ...patch } as typeof current, linksOf(req)) };
  });

  app.delete('/v3/domains/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_domain', callerOf(req));
    const d = await load(id);
    if (d.enabled) {
      throw new KeystoneError(403, 'Cannot delete a domain that is enabled, please disable it first.');
    }
    await store.transaction(async (tx) => {
      for (const p of await tx.projects.list({ domain_id: id }))
        await tx.assignments.delete({ target_id: p.id });
      await tx.projects.delete({ domain_id: id });
      for (const u of await tx.users.list({ domain_id: id })) {
        await tx.assignments.delete({ actor_id: u.id });
        await tx.groupMembers.delete({ user_id: u.id });
      }
      await tx.users.delete({ domain_id: id });
      await tx.groups.delete({ domain_id: id });
      await tx.assignments.delete({ target_id: id });
      await tx.domains.delete({ id });
    });
    reply.code(204).send();
  });
}

/** Tokens of users of a disabled domain stop working (they are also refused at validation). */
async function revokeDomain(deps: IdentityDeps, domainId: string): Promise<void> {
  for (const u of await deps.store.users.list({ domain_id: domainId })) await deps.tokens.revokeUser(u.id);
}
