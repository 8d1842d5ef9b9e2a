/** /v3/roles and implied roles (`/v3/roles/{prior}/implies/{implied}`, /v3/role_inferences). */
import { ROLE_CREATE_MEMBER, ROLE_UPDATE_MEMBER } from '@novats/core';
import { IdentityDuplicate, type RoleRow } from '@novats/drivers';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  callerOf,
  type IdentityDeps,
  linksOf,
  member,
  newId,
  query,
  requireString,
  selfUrl,
  splitExtra,
} from '../identity-deps.js';
import { conflict, KeystoneError, notFound } from '../identity-errors.js';
import { listBody, roleView } from '../identity-views.js';

const GLOBAL = '<<null>>';

export function roleRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store } = deps;
  const load = async (id: string) => {
    const r = await store.roles.get({ id });
    if (!r) throw notFound('role', id);
    return r;
  };
  const brief = (r: RoleRow, req: FastifyRequest) => ({
    id: r.id,
    name: r.name,
    links: linksOf(req)(`roles/${r.id}`),
  });

  app.get('/v3/roles', async (req) => {
    deps.policy.authorize('identity:list_roles', callerOf(req));
    const q = query(req);
    const domain = q.domain_id ?? GLOBAL;
    const rows = (await store.roles.list()).filter(
      (r) => r.domain_id === domain && (q.name === undefined || r.name === q.name),
    );
    const l = linksOf(req);
    return listBody(
      'roles',
      rows.map((r) => roleView(r, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/roles', async (req, reply) => {
    deps.policy.authorize('identity:create_role', callerOf(req));
    const body = member(req, 'role', ROLE_CREATE_MEMBER);
    const name = requireString(body, 'name', 'role');
    const row: RoleRow = {
      id: newId(),
      name,
      domain_id: typeof body.domain_id === 'string' ? body.domain_id : GLOBAL,
      description: typeof body.description === 'string' ? body.description : null,
      extra: splitExtra(body, ['name', 'domain_id', 'description', 'options']).extra,
    };
    try {
      await store.roles.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate) throw conflict('role', `Duplicate entry found with name ${name}`);
      throw err;
    }
    reply.code(201);
    return { role: roleView(row, linksOf(req)) };
  });

  app.get('/v3/roles/:id', async (req) => {
    deps.policy.authorize('identity:get_role', callerOf(req));
    return { role: roleView(await load((req.params as { id: string }).id), linksOf(req)) };
  });

  app.patch('/v3/roles/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_role', callerOf(req));
    const current = await load(id);
    const body = member(req, 'role', ROLE_UPDATE_MEMBER);
    const patch: Partial<RoleRow> = {};
    if (typeof body.name === 'string') Object.assign(patch, { name: body.name });
    if (typeof body.description === 'string') Object.assign(patch, { description: body.description });
    try {
      await store.roles.update({ id }, patch);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('role', `Duplicate entry found with name ${body.name}`);
      throw err;
    }
    return { role: roleView({ ...current, ...patch }, linksOf(req)) };
  });

  app.delete('/v3/roles/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_role', callerOf(req));
    await load(id);
    await store.transaction(async (tx) => {
      await tx.assignments.delete({ role_id: id });
      await tx.impliedRoles.delete({ prior_role_id: id });
      await tx.impliedRoles.delete({ implied_role_id: id });
      await tx.roles.delete({ id });
    });
    reply.code(204).send();
  });

  app.get('/v3/roles/:id/implies', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:list_implied_roles', callerOf(req));
    const prior = await load(id);
    const implies = [];
    for (const r of await store.impliedRoles.list({ prior_role_id: id })) {
      const role = await store.roles.get({ id: r.implied_role_id });
      if (role) implies.push(brief(role, req));
    }
    return { role_inference: { prior_role: brief(prior, req), implies }, links: { self: selfUrl(req) } };
  });

  app.put('/v3/roles/:id/implies/:implied', async (req, reply) => {
    const { id, implied } = req.params as { id: string; implied: string };
    deps.policy.authorize('identity:create_implied_role', callerOf(req));
    const prior = await load(id);
    const target = await load(implied);
    if (target.name === 'admin') throw new KeystoneError(403, `${implied} cannot be an implied roles.`);
    if (!(await store.impliedRoles.get({ prior_role_id: id, implied_role_id: implied }))) {
      await store.impliedRoles.insert({ prior_role_id: id, implied_role_id: implied });
    }
    reply.code(201);
    return {
      role_inference: { prior_role: brief(prior, req), implies: brief(target, req) },
      links: { self: selfUrl(req) },
    };
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/v3/roles/:id/implies/:implied',
    handler: async (req, reply) => {
      const { id, implied } = req.params as { id: string; implied: string };
      deps.policy.authorize('identity:get_implied_role', callerOf(req));
      const prior = await load(id);
      const target = await load(implied);
      if (!(await store.impliedRoles.get({ prior_role_id: id, implied_role_id: implied }))) {
        throw new KeystoneError(404, `${id} does not imply ${implied}.`);
      }
      if (req.method === 'HEAD') return reply.code(204).send();
      return {
        role_inference: { prior_role: brief(prior, req), implies: brief(target, req) },
        links: { self: selfUrl(req) },
      };
    },
  });

  app.delete('/v3/roles/:id/implies/:implied', async (req, reply) => {
    const { id, implied } = req.params as { id: string; implied: string };
    deps.policy.authorize('identity:delete_implied_role', callerOf(req));
    if ((await store.impliedRoles.delete({ prior_role_id: id, implied_role_id: implied })) === 0) {
      throw new KeystoneError(404, `${id} does not imply ${implied}.`);
    }
    reply.code(204).send();
  });

  app.get('/v3/role_inferences', async (req) => {
    deps.policy.authorize('identity:list_role_inference_rules', callerOf(req));
    const roles = await store.roles.list();
    const byId = new Map(roles.map((r) => [r.id, r]));
    const rules = await store.impliedRoles.list();
    const inferences = [...new Set(rules.map((r) => r.prior_role_id))].flatMap((prior) => {
      const p = byId.get(prior);
      if (!p) return [];
      const implies = rules
        .filter((r) => r.prior_role_id === prior)
        .map((r) => byId.get(r.implied_role_id))
        .filter((r): r is RoleRow => r !== undefined)
        .map((r) => brief(r, req));
      return [{ prior_role: brief(p, req), implies }];
    });
    return { role_inferences: inferences, links: { self: selfUrl(req) } };
  });
}
