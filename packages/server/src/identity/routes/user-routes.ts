/**
 * /v3/users: passwords are hashed (scrypt) before they are stored and never
 * echoed; changing a password or disabling or deleting a user revokes the
 * user's tokens.
 */
import { USER_CREATE_MEMBER, USER_PASSWORD_MEMBER, USER_UPDATE_MEMBER } from '@novats/core';
import { IdentityDuplicate, type UserRow } from '@novats/drivers';
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
import { badRequest, conflict, notFound, unauthorized } from '../identity-errors.js';
import { groupView, listBody, userView } from '../identity-views.js';
import { hashPassword, verifyPassword } from '../password-hash.js';

const KNOWN = ['name', 'domain_id', 'enabled', 'password', 'default_project_id', 'options', 'federated'];

function password(body: Record<string, unknown>): string | null | undefined {
  const p = body.password;
  if (p === undefined || p === null) return p;
  if (typeof p !== 'string') throw badRequest("Invalid input for field 'password': expected a string.");
  return p;
}

export function userRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store, tokens } = deps;
  const load = async (id: string) => {
    const u = await store.users.get({ id });
    if (!u) throw notFound('user', id);
    return u;
  };

  app.get('/v3/users', async (req) => {
    deps.policy.authorize('identity:list_users', callerOf(req));
    const q = query(req);
    const enabled = queryBool(q.enabled);
    const rows = (await store.users.list()).filter(
      (u) =>
        (q.name === undefined || u.name === q.name) &&
        (q.domain_id === undefined || u.domain_id === q.domain_id) &&
        (enabled === undefined || u.enabled === enabled),
    );
    const l = linksOf(req);
    return listBody(
      'users',
      rows.map((u) => userView(u, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/users', async (req, reply) => {
    const caller = callerOf(req);
    deps.policy.authorize('identity:create_user', caller);
    const body = member(req, 'user', USER_CREATE_MEMBER);
    const name = requireString(body, 'name', 'user');
    const domainId =
      typeof body.domain_id === 'string' ? body.domain_id : (caller.project?.domain_id ?? 'default');
    if (!(await store.domains.get({ id: domainId }))) throw notFound('domain', domainId);
    const secret = password(body);
    const row: UserRow = {
      id: newId(),
      name,
      domain_id: domainId,
      enabled: optionalBool(body, 'enabled') ?? true,
      default_project_id: typeof body.default_project_id === 'string' ? body.default_project_id : null,
      password_hash: secret ? await hashPassword(secret) : null,
      extra: splitExtra(body, KNOWN).extra,
      created_at: new Date().toISOString(),
    };
    try {
      await store.users.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate) {
        throw conflict('user', `Duplicate entry found with name ${name} at domain ID ${domainId}`);
      }
      throw err;
    }
    reply.code(201);
    return { user: userView(row, linksOf(req)) };
  });

  app.get('/v3/users/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:get_user', callerOf(req), { user_id: id });
    return { user: userView(await load(id), linksOf(req)) };
  });

  app.patch('/v3/users/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_user', callerOf(req));
    const current = await load(id);
    const body = member(req, 'user', USER_UPDATE_MEMBER);
    const patch: Partial<UserRow> = {};
    if (typeof body.name === 'string') Object.assign(patch, { name: body.name });
    const enabled = optionalBool(body, 'enabled');
    if (enabled !== undefined) Object.assign(patch, { enabled });
    if (body.default_project_id !== undefined)
      Object.assign(patch, { default_project_id: body.default_project_id });
    const secret = password(body);
    if (secret !== undefined)
      Object.assign(patch, { password_hash: secret ? await hashPassword(secret) : null });
    const extra = splitExtra(body, KNOWN).extra;
    if (Object.keys(extra).length > 0)
      Object.assign(patch, { extra: { ...(current.extra ?? {}), ...extra } });
    try {
      await store.users.update({ id }, patch);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('user', `Duplicate entry found with name ${body.name}`);
      throw err;
    }
    if (secret !== undefined || enabled === false) await tokens.revokeUser(id);
    return { user: userView({ ...current, ...patch }, linksOf(req)) };
  });

  app.delete('/v3/users/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_user', callerOf(req));
    await load(id);
    await store.transaction(async (tx) => {
      await tx.assignments.delete({ actor_id: id });
      await tx.groupMembers.delete({ user_id: id });
      await tx.credentials.delete({ user_id: id });
      await tx.appCredentials.delete({ user_id: id });
      await tx.users.delete({ id });
    });
    await tokens.revokeUser(id);
    reply.code(204).send();
  });

  app.post('/v3/users/:id/password', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:change_password', callerOf(req), { user_id: id });
    const body = member(req, 'user', USER_PASSWORD_MEMBER);
    const user = await load(id);
    const original = typeof body.original_password === 'string' ? body.original_password : '';
    if (!(await verifyPassword(original, user.password_hash))) throw unauthorized();
    const secret = requireString(body, 'password', 'user');
    await store.users.update({ id }, { password_hash: await hashPassword(secret) });
    await tokens.revokeUser(id);
    reply.code(204).send();
  });

  app.get('/v3/users/:id/groups', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:list_groups_for_user', callerOf(req), { user_id: id });
    await load(id);
    const ids = (await store.groupMembers.list({ user_id: id })).map((m) => m.group_id);
    const groups = ids.length ? await store.groups.list({}, (q) => q.whereIn('id', ids)) : [];
    const l = linksOf(req);
    return listBody(
      'groups',
      groups.map((g) => groupView(g, l)),
      selfUrl(req),
    );
  });
}
