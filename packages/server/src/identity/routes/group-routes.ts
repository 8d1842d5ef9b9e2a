/** /v3/groups and their members. */
import { GROUP_CREATE_MEMBER, GROUP_UPDATE_MEMBER } from '@novats/core';
import { type GroupRow, IdentityDuplicate } from '@novats/drivers';
import type { FastifyInstance } from 'fastify';
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
import { conflict, notFound } from '../identity-errors.js';
import { groupView, listBody, userView } from '../identity-views.js';

export function groupRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store } = deps;
  const load = async (id: string) => {
    const g = await store.groups.get({ id });
    if (!g) throw notFound('group', id);
    return g;
  };
  const loadUser = async (id: string) => {
    const u = await store.users.get({ id });
    if (!u) throw notFound('user', id);
    return u;
  };

  app.get('/v3/groups', async (req) => {
    deps.policy.authorize('identity:list_groups', callerOf(req));
    const q = query(req);
    const rows = (await store.groups.list()).filter(
      (g) =>
        (q.name === undefined || g.name === q.name) &&
        (q.domain_id === undefined || g.domain_id === q.domain_id),
    );
    const l = linksOf(req);
    return listBody(
      'groups',
      rows.map((g) => groupView(g, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/groups', async (req, reply) => {
    const caller = callerOf(req);
    deps.policy.authorize('identity:create_group', caller);
    const body = member(req, 'group', GROUP_CREATE_MEMBER);
    const name = requireString(body, 'name', 'group');
    const domainId =
      typeof body.domain_id === 'string' ? body.domain_id : (caller.project?.domain_id ?? 'default');
    if (!(await store.domains.get({ id: domainId }))) throw notFound('domain', domainId);
    const row: GroupRow = {
      id: newId(),
      name,
      domain_id: domainId,
      description: typeof body.description === 'string' ? body.description : null,
      extra: splitExtra(body, ['name', 'domain_id', 'description']).extra,
    };
    try {
      await store.groups.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('group', `Duplicate entry found with name ${name} at domain ID ${domainId}`);
      throw err;
    }
    reply.code(201);
    return { group: groupView(row, linksOf(req)) };
  });

  app.get('/v3/groups/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:get_group', callerOf(req));
    return { group: groupView(await load(id), linksOf(req)) };
  });

  app.patch('/v3/groups/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_group', callerOf(req));
    const current = await load(id);
    const body = member(req, 'group', GROUP_UPDATE_MEMBER);
    const patch: Partial<GroupRow> = {};
    if (typeof body.name === 'string') Object.assign(patch, { name: body.name });
    if (typeof body.description === 'string') Object.assign(patch, { description: body.description });
    try {
      await store.groups.update({ id }, patch);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('group', `Duplicate entry found with name ${body.name}`);
      throw err;
    }
    return { group: groupView({ ...current, ...patch }, linksOf(req)) };
  });

  app.delete('/v3/groups/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_group', callerOf(req));
    await load(id);
    await store.transaction(async (tx) => {
      await tx.assignments.delete({ actor_id: id });
      await tx.groupMembers.delete({ group_id: id });
      await tx.groups.delete({ id });
    });
    reply.code(204).send();
  });

  app.get('/v3/groups/:id/users', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:list_users_in_group', callerOf(req));
    await load(id);
    const ids = (await store.groupMembers.list({ group_id: id })).map((m) => m.user_id);
    const users = ids.length ? await store.users.list({}, (q) => q.whereIn('id', ids)) : [];
    const l = linksOf(req);
    return listBody(
      'users',
      users.map((u) => userView(u, l)),
      selfUrl(req),
    );
  });

  app.put('/v3/groups/:id/users/:user', async (req, reply) => {
    const { id, user } = req.params as { id: string; user: string };
    deps.policy.authorize('identity:add_user_to_group', callerOf(req));
    await load(id);
    await loadUser(user);
    if (!(await store.groupMembers.get({ group_id: id, user_id: user }))) {
      await store.groupMembers.insert({ group_id: id, user_id: user });
    }
    reply.code(204).send();
  });

  app.route({
    method: ['GET', 'HEAD'],
    url: '/v3/groups/:id/users/:user',
    handler: async (req, reply) => {
      const { id, user } = req.params as { id: string; user: string };
      deps.policy.authorize('identity:check_user_in_group', callerOf(req));
      await load(id);
      await loadUser(user);
      if (!(await store.groupMembers.get({ group_id: id, user_id: user }))) {
        throw notFound('user', `${user} in group ${id}`);
      }
      reply.code(204).send();
    },
  });

  app.delete('/v3/groups/:id/users/:user', async (req, reply) => {
    const { id, user } = req.params as { id: string; user: string };
    deps.policy.authorize('identity:remove_user_from_group', callerOf(req));
    await load(id);
    await loadUser(user);
    if ((await store.groupMembers.delete({ group_id: id, user_id: user })) === 0) {
      throw notFound('user', `${user} in group ${id}`);
    }
    await deps.tokens.revokeUser(user);
    reply.code(204).send();
  });
}
