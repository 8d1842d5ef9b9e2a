/**
 * The identity service's policy on the shared oslo.policy engine: Keystone's
 * default rules as the admin, a project member and a system reader meet
 * them (a member reads its own project and user, not another's, and may not
 * list projects even by name, so that openstackclient falls back to the
 * value as an id), and a `[oslo_policy] policy_file` that overrides an
 * `identity:*` rule, read by the same reader as the Compute API's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NovaConfig, silentLogger } from '@novats/core';
import {
  bootstrapIdentity,
  identityPolicyFromConfig,
  type RunningIdentity,
  startIdentityServer,
} from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

type Reply = { status: number; body: any; headers: Headers };

async function call(root: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${root}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { 'x-auth-token': token } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers } as Reply;
}

const passwordAuth = (name: string, secret: string, scope: unknown) => ({
  auth: {
    identity: {
      methods: ['password'],
      password: { user: { name, domain: { id: 'default' }, password: secret } },
    },
    scope,
  },
});

/** One identity service with the admin, two projects with a member each, and a system reader. */
async function startWith(policy?: ReturnType<typeof identityPolicyFromConfig>) {
  const db: TestDatabase = await createTestDatabase('sqlite', 'novats_identity_policy');
  const identity: RunningIdentity = await startIdentityServer({
    database: db.url,
    host: '127.0.0.1',
    port: 0,
    legacyPort: null,
    log: silentLogger,
    ...(policy ? { policy } : {}),
  });
  const root = identity.url.replace(/\/v3$/, '');
  await bootstrapIdentity(identity.store, { password: 'adm', publicUrl: identity.url }, silentLogger);
  const token = async (name: string, secret: string, scope: unknown) => {
    const r = await call(root, 'POST', '/v3/auth/tokens', undefined, passwordAuth(name, secret, scope));
    expect(r.status).toBe(201);
    return r.headers.get('x-subject-token') as string;
  };
  const admin = await token('admin', 'adm', { project: { name: 'admin', domain: { id: 'default' } } });
  const roles = (await call(root, 'GET', '/v3/roles', admin)).body.roles as { id: string; name: string }[];
  const role = (name: string) => roles.find((r) => r.name === name)?.id as string;
  const ids: Record<string, string> = {};
  for (const who of ['alice', 'bob']) {
    const p = await call(root, 'POST', '/v3/projects', admin, {
      project: { name: `${who}-proj`, domain_id: 'default' },
    });
    const u = await call(root, 'POST', '/v3/users', admin, {
      user: { name: who, password: `${who}-pw`, domain_id: 'default' },
    });
    ids[`${who}Project`] = p.body.project.id;
    ids[who] = u.body.user.id;
    await call(
      root,
      'PUT',
      `/v3/projects/${p.body.project.id}/users/${u.body.user.id}/roles/${role('member')}`,
      admin,
    );
  }
  const auditor = await call(root, 'POST', '/v3/users', admin, {
    user: { name: 'auditor', password: 'aud-pw', domain_id: 'default' },
  });
  await call(root, 'PUT', `/v3/system/users/${auditor.body.user.id}/roles/${role('reader')}`, admin);
  const alice = await token('alice', 'alice-pw', { project: { id: ids.aliceProject } });
  const reader = await token('auditor', 'aud-pw', { system: { all: true } });
  return {
    root,
    ids,
    admin,
    alice,
    reader,
    async stop() {
      await identity.stop();
      await db.drop();
    },
  };
}

describe("Keystone's default policy", () => {
  let c: Awaited<ReturnType<typeof startWith>>;
  beforeAll(async () => {
    c = await startWith();
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('lets a project member read its own project and user, not those of others', async () => {
    expect((await call(c.root, 'GET', `/v3/projects/${c.ids.aliceProject}`, c.alice)).status).toBe(200);
    expect((await call(c.root, 'GET', `/v3/projects/${c.ids.bobProject}`, c.alice)).status).toBe(403);
    expect((await call(c.root, 'GET', `/v3/users/${c.ids.alice}`, c.alice)).status).toBe(200);
    expect((await call(c.root, 'GET', `/v3/users/${c.ids.bob}`, c.alice)).status).toBe(403);
    expect((await call(c.root, 'GET', `/v3/users/${c.ids.alice}/projects`, c.alice)).status).toBe(200);
  });

  it('refuses a member any project listing, by name too, with 403', async () => {
    for (const path of ['/v3/projects', '/v3/projects?name=bob-proj', '/v3/projects?name=alice-proj']) {
      const r = await call(c.root, 'GET', path, c.alice);
      expect(r.status, path).toBe(403);
      expect(r.body.error).toMatchObject({ code: 403, title: 'Forbidden' });
    }
    const byName = await call(c.root, 'GET', '/v3/projects?name=bob-proj', c.admin);
    expect(byName.body.projects.map((p: { id: string }) => p.id)).toEqual([c.ids.bobProject]);
  });

  it('lets a system reader read but not write', async () => {
    expect((await call(c.root, 'GET', '/v3/projects', c.reader)).status).toBe(200);
    expect((await call(c.root, 'GET', '/v3/users', c.reader)).status).toBe(200);
    const write = await call(c.root, 'POST', '/v3/projects', c.reader, {
      project: { name: 'x', domain_id: 'default' },
    });
    expect(write.status).toBe(403);
  });

  it('keeps writes for the admin role', async () => {
    const r = await call(c.root, 'POST', '/v3/projects', c.alice, {
      project: { name: 'y', domain_id: 'default' },
    });
    expect(r.status).toBe(403);
    expect((await call(c.root, 'GET', '/v3/regions', c.alice)).status).toBe(200);
  });
});

describe('an [oslo_policy] policy file', () => {
  let c: Awaited<ReturnType<typeof startWith>>;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'novats-identity-policy-'));
    writeFileSync(join(dir, 'policy.yaml'), '"identity:list_projects": "role:member"\n');
    const conf = NovaConfig.fromSources([
      { name: 'nova.conf', text: `[oslo_policy]\npolicy_file = ${join(dir, 'policy.yaml')}\n` },
    ]);
    c = await startWith(identityPolicyFromConfig(conf));
  });
  afterAll(async () => {
    await c?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('overrides a default rule: members may list projects', async () => {
    const r = await call(c.root, 'GET', '/v3/projects?name=bob-proj', c.alice);
    expect(r.status).toBe(200);
    expect(r.body.projects.map((p: { id: string }) => p.id)).toEqual([c.ids.bobProject]);
    expect((await call(c.root, 'GET', `/v3/projects/${c.ids.bobProject}`, c.alice)).status).toBe(403);
  });
});
