/**
 * `[api] auth_strategy = keystone` on the Placement and Compute apps: a
 * valid Keystone token fills the request context (admin role -> admin), a
 * missing, unknown, expired or revoked one is a 401 in each API's fault
 * format with the Keystone challenge; and HttpPlacementClient reaches a
 * keystone-protected Placement found in the fake Keystone's catalog,
 * renewing its token after a 401.
 */
import { randomUUID } from 'node:crypto';
import { adminContext, NovaConfig, type RequestContext } from '@novats/core';
import {
  HttpPlacementClient,
  KeystoneTokenValidator,
  type KnexPlacementStore,
  openApiDatabase,
  openPlacementStore,
  PasswordPlugin,
  sessionFromConfig,
  syncApiDatabase,
  tokenValidatorFromConfig,
} from '@novats/drivers';
import { type ApiAuth, type ApiAuthHook, authStrategyFromConfig, createComputeApp } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacementApp } from '../../packages/server/src/api/placement/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { closedPort, type FakeKeystone, startFakeKeystone } from '../support/fake-keystone.js';

type FastifyInstance = ReturnType<typeof createPlacementApp>;

let keystone: FakeKeystone;
const PUBLIC_URI = 'http://controller:5000';

/** The install notes' [api] and [keystone_authtoken], pointed at the fake Keystone. */
function apiConf(keystoneUrl: string, extra = ''): NovaConfig {
  return NovaConfig.fromSources([
    `[api]
auth_strategy = keystone

[keystone_authtoken]
auth_uri = ${PUBLIC_URI}
auth_url = ${keystoneUrl}
memcached_servers = controller:11211
auth_type = password
project_domain_name = default
user_domain_name = default
project_name = service
username = nova
password = novapass
${extra}`,
  ]);
}

/** Records every context the hook produced. */
function spying(auth: ApiAuth, seen: RequestContext[]): ApiAuthHook {
  if (auth === 'noauth2') throw new Error('expected the keystone hook');
  return {
    ...auth,
    authenticate: async (headers, requestId) => {
      const ctx = await auth.authenticate(headers, requestId);
      seen.push(ctx);
      return ctx;
    },
  };
}

beforeAll(async () => {
  keystone = await startFakeKeystone({
    users: [
      { name: 'nova', password: 'novapass', roles: { service: ['admin', 'service'] } },
      { name: 'placement', password: 'placementpass', roles: { service: ['admin'] } },
      { name: 'admin', password: 'adminpass', roles: { admin: ['admin'] } },
      { name: 'demo', password: 'demopass', roles: { demo: ['member', 'reader'] } },
    ],
    projects: [{ name: 'service' }, { name: 'admin' }, { name: 'demo' }],
  });
});
afterAll(() => keystone?.stop());

describe('authStrategyFromConfig', () => {
  it('keeps noauth2 when [api] asks for it', () => {
    expect(authStrategyFromConfig(NovaConfig.fromSources(['[api]\nauth_strategy = noauth2\n']))).toBe(
      'noauth2',
    );
  });

  it('needs [keystone_authtoken] for keystone (the default strategy)', () => {
    expect(() => authStrategyFromConfig(NovaConfig.fromSources(['']))).toThrow(
      expect.objectContaining({ code: 'config.auth_missing_option' }),
    );
  });

  it('builds the keystone hook with the www_authenticate_uri challenge', () => {
    const auth = authStrategyFromConfig(apiConf(keystone.url));
    expect(auth).toMatchObject({ strategy: 'keystone', wwwAuthenticate: `Keystone uri="${PUBLIC_URI}"` });
  });
});

describe('Placement API with keystone validation', () => {
  let db: TestDatabase;
  let store: KnexPlacementStore;
  let app: FastifyInstance;
  const seen: RequestContext[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'placement_keystone');
    store = await openPlacementStore(db.url);
    app = createPlacementApp({
      store,
      authStrategy: spying(authStrategyFromConfig(apiConf(keystone.url)), seen),
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  const get = (token?: string) =>
    app.inject({
      method: 'GET',
      url: '/resource_providers',
      headers: { 'openstack-api-version': 'placement 1.30', ...(token ? { 'x-auth-token': token } : {}) },
    });

  it('serves an admin token and fills the context from Keystone', async () => {
    const token = keystone.issue('admin', 'admin');
    const res = await get(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ resource_providers: [] });
    expect(seen.at(-1)).toMatchObject({
      user_id: 'u-admin',
      project_id: 'p-admin',
      roles: ['admin'],
      is_admin: true,
      auth_token: token,
    });
  });

  it('forbids a member (admin-only policy) but knows who it is', async () => {
    const res = await get(keystone.issue('demo', 'demo'));
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0]).toMatchObject({ status: 403, title: 'Forbidden' });
    expect(seen.at(-1)).toMatchObject({ user_id: 'u-demo', project_id: 'p-demo', is_admin: false });
  });

  it.each([
    { name: 'no token', token: () => undefined },
    { name: 'an unknown token', token: () => 'not-a-token' },
    {
      name: 'an expired token',
      token: () => {
        const t = keystone.issue('admin', 'admin');
        keystone.expire(t);
        return t;
      },
    },
    {
      name: 'a revoked token',
      token: () => {
        const t = keystone.issue('admin', 'admin');
        keystone.revoke(t);
        return t;
      },
    },
  ])('answers 401 with the Keystone challenge for $name', async ({ token }) => {
    const res = await get(token());
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe(`Keystone uri="${PUBLIC_URI}"`);
    const [err] = res.json().errors;
    expect(err).toMatchObject({ status: 401, title: 'Unauthorized', code: 'placement.undefined_code' });
    expect(err.detail).toContain('The request you have made requires authentication.');
  });

  it('still serves the version document without a token', async () => {
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
  });
});

describe('Compute API with keystone validation', () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof openApiDatabase>>;
  let app: FastifyInstance;
  const seen: RequestContext[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'compute_keystone');
    await syncApiDatabase(db.url);
    api = await openApiDatabase(db.url);
    const unused = {} as never;
    app = createComputeApp({
      deps: {
        api,
        cells: unused,
        images: unused,
        conductor: unused,
        compute: unused,
        placement: unused,
        clock: { now: () => new Date() } as never,
        serviceDownTime: 60,
        maxLimit: 1000,
      },
      authStrategy: spying(authStrategyFromConfig(apiConf(keystone.url)), seen),
    });
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
    await db?.drop();
  });

  const get = (url: string, token?: string) =>
    app.inject({ method: 'GET', url, headers: token ? { 'x-auth-token': token } : {} });

  it('lets an admin list aggregates', async () => {
    const res = await get('/v2.1/os-aggregates', keystone.issue('admin', 'admin'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ aggregates: [] });
    expect(seen.at(-1)).toMatchObject({ user_id: 'u-admin', project_id: 'p-admin', is_admin: true });
  });

  it('applies policy to a member with its Keystone project', async () => {
    const token = keystone.issue('demo', 'demo');
    const forbidden = await get('/v2.1/os-aggregates', token);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().forbidden.code).toBe(403);
    expect(seen.at(-1)).toMatchObject({
      user_id: 'u-demo',
      project_id: 'p-demo',
      roles: ['member', 'reader'],
    });
    expect((await get('/v2.1/p-demo/flavors', token)).statusCode).toBe(200);
    const other = await get('/v2.1/p-admin/flavors', token);
    expect(other.statusCode).toBe(400);
    expect(other.json().badRequest.message).toContain("doesn't match Context's project_id 'p-demo'");
  });

  it.each([
    { name: 'no token', token: () => undefined },
    { name: 'a bad token', token: () => 'garbage' },
    {
      name: 'an expired token',
      token: () => {
        const t = keystone.issue('demo', 'demo');
        keystone.expire(t);
        return t;
      },
    },
  ])('answers 401 unauthorized for $name', async ({ token }) => {
    const res = await get('/v2.1/os-aggregates', token());
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe(`Keystone uri="${PUBLIC_URI}"`);
    expect(res.json()).toEqual({
      unauthorized: { code: 401, message: expect.stringContaining('requires authentication') },
    });
  });

  it('answers 503 when Keystone cannot be reached', async () => {
    const down = createComputeApp({
      deps: { api } as never,
      authStrategy: authStrategyFromConfig(apiConf(`http://127.0.0.1:${await closedPort()}`)),
    });
    const res = await down.inject({
      method: 'GET',
      url: '/v2.1/os-aggregates',
      headers: { 'x-auth-token': 'x' },
    });
    await down.close();
    expect(res.statusCode).toBe(503);
    expect(res.json().serviceUnavailable.message).toContain('[keystone_authtoken] auth_url');
  });
});

describe('token cache', () => {
  it('keeps a validated token for token_cache_time, then sees its revocation', async () => {
    let clock = Date.now();
    const validator = tokenValidatorFromConfig(apiConf(keystone.url, 'token_cache_time = 60\n'), {
      now: () => clock,
    });
    expect(validator).toBeInstanceOf(KeystoneTokenValidator);
    const token = keystone.issue('demo', 'demo');
    const before = keystone.validations;
    expect((await validator.validate(token)).userId).toBe('u-demo');
    expect((await validator.validate(token)).userId).toBe('u-demo');
    expect(keystone.validations).toBe(before + 1);
    keystone.revoke(token);
    expect((await validator.validate(token)).userId).toBe('u-demo');
    clock += 61_000;
    await expect(validator.validate(token)).rejects.toMatchObject({
      code: 'identity.invalid_user_token',
      status: 401,
    });
  });

  it('renews its own service token when Keystone refuses it', async () => {
    const service = new PasswordPlugin({
      authUrl: keystone.url,
      username: 'nova',
      password: 'novapass',
      userDomainName: 'Default',
      projectName: 'service',
      projectDomainName: 'Default',
    });
    const validator = new KeystoneTokenValidator({ authUrl: keystone.url, service, cacheTimeSeconds: 0 });
    keystone.revoke(await service.getToken());
    expect((await validator.validate(keystone.issue('admin', 'admin'))).projectId).toBe('p-admin');
    expect(keystone.tokensOf('nova').filter((t) => !t.revoked).length).toBeGreaterThan(0);
  });
});

describe('HttpPlacementClient through a password session', () => {
  let db: TestDatabase;
  let store: KnexPlacementStore;
  let app: FastifyInstance;
  let client: HttpPlacementClient;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', 'placement_session');
    store = await openPlacementStore(db.url);
    // NOTE: no cache, so that a revoked token is refused at once.
    app = createPlacementApp({
      store,
      authStrategy: authStrategyFromConfig(apiConf(keystone.url, 'token_cache_time = 0\n')),
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    keystone.catalog.push({
      type: 'placement',
      endpoints: [
        { interface: 'public', url: 'http://192.0.2.1:8778', region: 'RegionOne' },
        { interface: 'internal', url: address, region: 'RegionOne' },
      ],
    });
    const conf = NovaConfig.fromSources([
      `[placement]
os_region_name = RegionOne
project_domain_name = Default
project_name = service
auth_type = password
user_domain_name = Default
auth_url = ${keystone.url}/v3
username = placement
password = placementpass
`,
    ]);
    client = new HttpPlacementClient({ session: sessionFromConfig(conf, 'placement') });
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    await store?.close();
    await db?.drop();
  });

  it('finds placement in the catalog and renews a revoked token once', async () => {
    const ctx = adminContext('req-keystone');
    const uuid = randomUUID();
    expect((await client.ensureResourceProvider(ctx, uuid, 'compute-ks')).uuid).toBe(uuid);
    const [first] = keystone.tokensOf('placement');
    keystone.revoke(first.token);
    expect((await client.ensureResourceProvider(ctx, uuid, 'compute-ks')).name).toBe('compute-ks');
    expect(keystone.tokensOf('placement').length).toBe(2);
    expect((await store.getProvider(uuid))?.name).toBe('compute-ks');
  });
});
