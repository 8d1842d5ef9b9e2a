/**
 * /v3/credentials and the EC2 credentials of a user
 * (/v3/users/{id}/credentials/OS-EC2). An EC2 credential is stored as
 * Keystone stores it: type `ec2`, id = SHA-256 of the access key, blob
 * `{"access", "secret", "trust_id"}`. Its secret is kept as given because
 * signature checks need it (Keystone encrypts blobs with a key kept beside
 * the database, which protects no more).
 */

import { createHash } from 'node:crypto';
import { CREDENTIAL_CREATE_MEMBER, CREDENTIAL_UPDATE_MEMBER, EC2_CREDENTIAL_CREATE } from '@novats/core';
import { type CredentialRow, IdentityDuplicate } from '@novats/drivers';
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
  validate,
} from '../identity-deps.js';
import { badRequest, conflict, notFound } from '../identity-errors.js';

/** Keystone's `utils.hash_access_key`. */
export const ec2CredentialId = (access: string) => createHash('sha256').update(access).digest('hex');

type Ec2Blob = { access: string; secret: string; trust_id: string | null };

function parseBlob(blob: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(blob);
    return typeof v === 'object' && v !== null ? v : null;
  } catch {
    return null;
  }
}

export function credentialRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store } = deps;
  const view = (req: FastifyRequest, c: CredentialRow) => ({
    ...(c.extra ?? {}),
    id: c.id,
    user_id: c.user_id,
    project_id: c.project_id,
    type: c.type,
    blob: c.blob,
    links: { self: `${baseUrl(req)}/v3/credentials/${c.id}` },
  });
  const ec2View = (req: FastifyRequest, c: CredentialRow) => {
    const blob = (parseBlob(c.blob) ?? {}) as Partial<Ec2Blob>;
    return {
      user_id: c.user_id,
      tenant_id: c.project_id,
      access: blob.access,
      secret: blob.secret,
      trust_id: blob.trust_id ?? null,
      links: { self: `${baseUrl(req)}/v3/users/${c.user_id}/credentials/OS-EC2/${blob.access}` },
    };
  };
  const load = async (id: string) => {
    const c = await store.credentials.get({ id });
    if (!c) throw notFound('credential', id);
    return c;
  };

  app.get('/v3/credentials', async (req) => {
    const caller = callerOf(req);
    deps.policy.authorize('identity:list_credentials', caller);
    const q = query(req);
    const rows = (await store.credentials.list()).filter(
      (c) =>
        (deps.policy.isAdmin(caller) || c.user_id === caller.user.id) &&
        (q.user_id === undefined || c.user_id === q.user_id) &&
        (q.type === undefined || c.type === q.type),
    );
    return {
      credentials: rows.map((c) => view(req, c)),
      links: { self: selfUrl(req), previous: null, next: null },
    };
  });

  app.post('/v3/credentials', async (req, reply) => {
    const body = member(req, 'credential', CREDENTIAL_CREATE_MEMBER);
    const userId = requireString(body, 'user_id', 'credential');
    deps.policy.authorize('identity:create_credential', callerOf(req), { user_id: userId });
    const type = requireString(body, 'type', 'credential');
    const blob = requireString(body, 'blob', 'credential');
    const projectId = typeof body.project_id === 'string' ? body.project_id : null;
    let id = newId();
    if (type === 'ec2') {
      const parsed = parseBlob(blob);
      if (!parsed || typeof parsed.access !== 'string') throw badRequest('Invalid blob in credential');
      if (!projectId) throw badRequest('Expecting to find project_id in credential');
      id = ec2CredentialId(parsed.access);
    }
    if (!(await store.users.get({ id: userId }))) throw notFound('user', userId);
    const row: CredentialRow = { id, user_id: userId, project_id: projectId, type, blob, extra: {} };
    try {
      await store.credentials.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate) throw conflict('credential', `Duplicate ID, ${id}`);
      throw err;
    }
    reply.code(201);
    return { credential: view(req, row) };
  });

  app.get('/v3/credentials/:id', async (req) => {
    const c = await load((req.params as { id: string }).id);
    deps.policy.authorize('identity:get_credential', callerOf(req), { user_id: c.user_id });
    return { credential: view(req, c) };
  });

  app.patch('/v3/credentials/:id', async (req) => {
    const c = await load((req.params as { id: string }).id);
    deps.policy.authorize('identity:update_credential', callerOf(req), { user_id: c.user_id });
    const body = member(req, 'credential', CREDENTIAL_UPDATE_MEMBER);
    const patch: Partial<CredentialRow> = {};
    if (typeof body.blob === 'string') Object.assign(patch, { blob: body.blob });
    if (typeof body.project_id === 'string') Object.assign(patch, { project_id: body.project_id });
    await store.credentials.update({ id: c.id }, patch);
    return { credential: view(req, { ...c, ...patch }) };
  });

  app.delete('/v3/credentials/:id', async (req, reply) => {
    const c = await load((req.params as { id: string }).id);
    deps.policy.authorize('identity:delete_credential', callerOf(req), { user_id: c.user_id });
    await store.credentials.delete({ id: c.id });
    reply.code(204).send();
  });

  const ec2Base = '/v3/users/:user/credentials/OS-EC2';

  app.get(ec2Base, async (req) => {
    const { user } = req.params as { user: string };
    deps.policy.authorize('identity:ec2_list_credentials', callerOf(req), { user_id: user });
    if (!(await store.users.get({ id: user }))) throw notFound('user', user);
    const rows = await store.credentials.list({ user_id: user, type: 'ec2' });
    return {
      credentials: rows.map((c) => ec2View(req, c)),
      links: { self: selfUrl(req), previous: null, next: null },
    };
  });

  app.post(ec2Base, async (req, reply) => {
    const { user } = req.params as { user: string };
    deps.policy.authorize('identity:ec2_create_credential', callerOf(req), { user_id: user });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const projectId =
      typeof body.tenant_id === 'string'
        ? body.tenant_id
        : typeof body.project_id === 'string'
          ? body.project_id
          : '';
    if (!projectId) throw badRequest('Expecting to find tenant_id in request body.');
    validate(EC2_CREDENTIAL_CREATE, body);
    if (!(await store.users.get({ id: user }))) throw notFound('user', user);
    if (!(await store.projects.get({ id: projectId }))) throw notFound('project', projectId);
    const blob: Ec2Blob = { access: newId(), secret: newId(), trust_id: null };
    const row: CredentialRow = {
      id: ec2CredentialId(blob.access),
      user_id: user,
      project_id: projectId,
      type: 'ec2',
      blob: JSON.stringify(blob),
      extra: {},
    };
    await store.credentials.insert(row);
    reply.code(201);
    return { credential: ec2View(req, row) };
  });

  const loadEc2 = async (user: string, access: string) => {
    const c = await store.credentials.get({ id: ec2CredentialId(access) });
    if (!c || c.type !== 'ec2' || c.user_id !== user) throw notFound('credential', access);
    return c;
  };

  app.get(`${ec2Base}/:access`, async (req) => {
    const { user, access } = req.params as { user: string; access: string };
    deps.policy.authorize('identity:ec2_get_credential', callerOf(req), { user_id: user });
    return { credential: ec2View(req, await loadEc2(user, access)) };
  });

  app.delete(`${ec2Base}/:access`, async (req, reply) => {
    const { user, access } = req.params as { user: string; access: string };
    deps.policy.authorize('identity:ec2_delete_credential', callerOf(req), { user_id: user });
    const c = await loadEc2(user, access);
    await store.credentials.delete({ id: c.id });
    reply.code(204).send();
  });
}
