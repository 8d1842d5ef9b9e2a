/**
 * The auth layer every HTTP API uses, against the real embedded identity
 * service: the request context of project-, domain- and system-scoped
 * tokens, the cache in memcached (a real memcached process) and its
 * fallback to this process when memcached goes away (a warning, no
 * failure), the deprecated auth_uri warning, and the all-in-one's choice
 * between Keystone and noauth2 tokens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { NovaConfig, silentLogger } from '@novats/core';
import { tokenValidatorFromConfig } from '@novats/drivers';
import {
  authForRequest,
  authStrategyFromConfig,
  bootstrapIdentity,
  contextFromAccess,
  embeddedIdentityAuth,
  type RunningIdentity,
  startIdentityServer,
} from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/cloud.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

const MEMCACHED = '/usr/bin/memcached';
let db: TestDatabase;
let identity: RunningIdentity;
let root: string;

async function token(scope: unknown): Promise<string> {
  const res = await fetch(`${identity.url}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { id: 'default' }, password: 'pw' } },
        },
        scope,
      },
    }),
  });
  expect(res.status).toBe(201);
  return res.headers.get('x-subject-token')!;
}

function conf(extra = ''): NovaConfig {
  return NovaConfig.fromSources([
    `[api]\nauth_strategy = keystone\n[keystone_authtoken]\nauth_url = ${root}\nauth_type = password\nusername = admin\npassword = pw\nuser_domain_name = Default\nproject_name = admin\nproject_domain_name = Default\n${extra}`,
  ]);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  db = await createTestDatabase('sqlite', 'auth_layer');
  identity = await startIdentityServer({
    database: db.url,
    host: '127.0.0.1',
    port: 0,
    legacyPort: null,
    log: silentLogger,
  });
  root = identity.url.replace(/\/v3$/, '');
  await bootstrapIdentity(identity.store, { password: 'pw', publicUrl: identity.url }, silentLogger);
});
afterAll(async () => {
  await identity?.stop();
  await db?.drop();
});

describe('request context from a Keystone token', () => {
  it.each([
    {
      name: 'project',
      scope: { project: { name: 'admin', domain: { id: 'default' } } },
      want: { project_name: 'admin', system_scope: null, domain_id: null },
    },
    { name: 'system', scope: { system: { all: true } }, want: { project_id: null, system_scope: 'all' } },
    {
      name: 'domain',
      scope: { domain: { id: 'default' } },
      want: { project_id: null, domain_id: 'default' },
    },
  ])('fills user, scope, roles and names for a $name token', async ({ name, scope, want }) => {
    if (name === 'domain') {
      const admin = (await identity.store.users.get({ name: 'admin', domain_id: 'default' }))!;
      const role = (await identity.store.roles.get({ name: 'admin', domain_id: '<<null>>' }))!;
      const grant = {
        type: 'UserDomain' as const,
        actor_id: admin.id,
        target_id: 'default',
        role_id: role.id,
        inherited: false,
      };
      if (!(await identity.store.assignments.get(grant))) await identity.store.assignments.insert(grant);
    }
    const validator = tokenValidatorFromConfig(conf());
    const t = await token(scope);
    const ctx = contextFromAccess(await validator.validate(t), 'req-1', {});
    expect(ctx).toMatchObject({
      user_name: 'admin',
      user_domain_id: 'default',
      is_admin: true,
      auth_token: t,
      ...want,
    });
    expect([...ctx.roles].sort()).toEqual(['admin', 'member', 'reader']);
    await validator.close();
  });
});

describe('token cache', () => {
  let memcached: ChildProcess | undefined;
  afterAll(() => memcached?.kill('SIGKILL'));

  it('shares validations through memcached and falls back to this process when it goes away', async () => {
    if (!existsSync(MEMCACHED))
      throw new Error('memcached is missing: apt-get install memcached (.ci/run installs it)');
    const port = await freePort();
    memcached = spawn(MEMCACHED, ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-u', 'root'], {
      stdio: 'ignore',
    });
    await waitFor('memcached', async () => {
      const ok = await new Promise<boolean>((resolve) => {
        const c = createServer();
        c.once('error', () => resolve(true));
        c.listen(port, '127.0.0.1', () => c.close(() => resolve(false)));
      });
      return ok ? true : undefined;
    });
    const warnings: string[] = [];
    const log = { ...silentLogger, warning: (m: string) => warnings.push(m) };
    const c = conf(`memcached_servers = 127.0.0.1:${port}`);
    const first = tokenValidatorFromConfig(c, { log });
    const second = tokenValidatorFromConfig(c, { log });
    const t = await token({ project: { name: 'admin', domain: { id: 'default' } } });
    expect((await first.validate(t)).userName).toBe('admin');
    // The second validator finds the answer in memcached even once Keystone is gone.
    await identity.store.tokens.update({}, { revoked: true });
    identity.tokens.revokeUser('nobody');
    expect((await second.validate(t)).userName).toBe('admin');
    memcached.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    await expect(second.validate(t)).rejects.toMatchObject({ status: 401 });
    expect(warnings.join('\n')).toMatch(/memcached_servers: 127\.0\.0\.1:\d+ is unreachable/);
    await first.close();
    await second.close();
  });

  it('warns about the deprecated auth_uri as keystonemiddleware does', () => {
    const warnings: string[] = [];
    tokenValidatorFromConfig(conf(`auth_uri = ${root}`), {
      log: { ...silentLogger, warning: (m) => warnings.push(m) },
    });
    expect(warnings).toContain(
      'The auth_uri option is deprecated in favor of www_authenticate_uri and will be removed in the S release.',
    );
    const challenge = authStrategyFromConfig(conf(`auth_uri = http://public:5000`));
    expect(challenge !== 'noauth2' && challenge.wwwAuthenticate).toBe('Keystone uri="http://public:5000"');
  });
});

describe("the all-in-one's keystone-or-noauth2 choice", () => {
  it('sends identity tokens to Keystone and anything else to noauth2', () => {
    const auth = embeddedIdentityAuth(NovaConfig.fromSources([]), identity.url);
    expect(authForRequest(auth, { 'x-auth-token': 'gAAAAAxyz' })).toBe(auth);
    expect(authForRequest(auth, { 'x-auth-token': 'admin:admin' })).toBe('noauth2');
    expect(authForRequest(auth, {})).toBe('noauth2');
    expect(authForRequest('noauth2', { 'x-auth-token': 'gAAAAAxyz' })).toBe('noauth2');
  });
});
