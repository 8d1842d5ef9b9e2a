/**
 * /v3/users/{id}/application_credentials: a secret (hashed like a password)
 * that authenticates as the user on the project of the token that created
 * it, with at most that token's roles. Only the owner creates one; the
 * secret is shown once, at creation.
 */

import { randomBytes } from 'node:crypto';
import { APPLICATION_CREDENTIAL_CREATE_MEMBER } from '@novats/core';
import { type AppCredentialRow, IdentityDuplicate } from '@novats/drivers';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  baseUrl,
  callerOf,
  type IdentityDeps,
  member,
  newId,
  query,
  requireString,
  selfUrl,
} from '../identity-deps.js';
import { badRequest, conflict, KeystoneError, notFound } from '../identity-errors.js';
import { hashPassword } from '../password-hash.js';
import { keystoneTime } from '../token-model.js';

export function applicationCredentialRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store } = deps;
  const base = '/v3/users/:user/application_credentials';

  const view = async (req: FastifyRequest, c: AppCredentialRow) => {
    const roles = c.roles.length ? await store.roles.list({}, (q) => q.whereIn('id', c.roles)) : [];
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      user_id: c.user_id,
      project_id: c.project_id,
      expires_at: c.expires_at ? keystoneTime(c.expires_at) : null,
      unrestricted: c.unrestricted,
      roles: roles.map((r) => ({
        id: r.id,
        name: r.name,
        domain_id: r.domain_id === '<<null>>' ? null : r.domain_id,
      })),
      access_rules: [],
      links: { self: `${baseUrl(req)}/v3/users/${c.user_id}/application_credentials/${c.id}` },
    };
  };
  const load = async (user: string, id: string) => {
    const c = await store.appCredentials.get({ id });
    if (!c || c.user_id !== user) throw notFound('application credential', id);
    return c;
  };

  app.get(base, async (req) => {
    const { user } = req.params as { user: string };
    deps.policy.authorize('identity:list_application_credentials', callerOf(req), { user_id: user });
    const q = query(req);
    const rows = (await store.appCredentials.list({ user_id: user })).filter(
      (c) => q.name === undefined || c.name === q.name,
    );
    const items = [];
    for (const c of rows) items.push(await view(req, c));
    return { application_credentials: items, links: { self: selfUrl(req), previous: null, next: null } };
  });

  app.post(base, async (req, reply) => {
    const { user } = req.params as { user: string };
    const caller = callerOf(req);
    deps.policy.authorize('identity:create_application_credential', caller, { user_id: user });
    if (!caller.project) throw new KeystoneError(400, 'Application credentials need a project-scoped token.');
    if (caller.appCred && !caller.appCred.unrestricted) {
      throw new KeystoneError(
        403,
        'Using method application_credential is not allowed for managing additional application credentials.',
      );
    }
    const body = member(req, 'application_credential', APPLICATION_CREDENTIAL_CREATE_MEMBER);
    const name = requireString(body, 'name', 'application_credential');
    const secret =
      typeof body.secret === 'string' && body.secret !== ''
        ? body.secret
        : randomBytes(48).toString('base64url');
    const held = caller.roles;
    let roles = held.map((r) => r.id);
    if (Array.isArray(body.roles) && body.roles.length > 0) {
      roles = body.roles.map((r: { id?: string; name?: string }) => {
        const hit = held.find((h) => h.id === r?.id || h.name === r?.name);
        if (!hit)
          throw new KeystoneError(
            403,
            'Roles requested for the application credential are not held by the user on the project.',
          );
        return hit.id;
      });
    }
    let expires: string | null = null;
    if (typeof body.expires_at === 'string') {
      const t = Date.parse(
        /[zZ]|[+-]\d\d:?\d\d$/.test(body.expires_at) ? body.expires_at : `${body.expires_at}Z`,
      );
      if (Number.isNaN(t)) throw badRequest("Invalid input for field 'expires_at'.");
      expires = new Date(t).toISOString();
    }
    const row: AppCredentialRow = {
      id: newId(),
      name,
      user_id: user,
      project_id: caller.project.id,
      secret_hash: await hashPassword(secret),
      description: typeof body.description === 'string' ? body.description : null,
      expires_at: expires,
      unrestricted: body.unrestricted === true,
      roles,
    };
    try {
      await store.appCredentials.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('application_credential', `Duplicate entry found with name ${name}`);
      throw err;
    }
    reply.code(201);
    return { application_credential: { ...(await view(req, row)), secret } };
  });

  app.get(`${base}/:id`, async (req) => {
    const { user, id } = req.params as { user: string; id: string };
    deps.policy.authorize('identity:get_application_credential', callerOf(req), { user_id: user });
    return { application_credential: await view(req, await load(user, id)) };
  });

  app.delete(`${base}/:id`, async (req, reply) => {
    const { user, id } = req.params as { user: string; id: string };
    deps.policy.authorize('identity:delete_application_credential', callerOf(req), { user_id: user });
    await load(user, id);
    await store.appCredentials.delete({ id });
    await deps.store.tokens.update({ app_cred_id: id }, { revoked: true });
    reply.code(204).send();
  });
}
