/**
 * The keystoneauth plugins and sessions against a fake Keystone v3: password
 * auth (versioned and unversioned auth_url), catalog lookup by interface and
 * region, renewal before expiry and after a 401, endpoint_override,
 * admin_token, and the typed errors an operator sees for a bad nova.conf.
 */
import { isNovaError, NovaConfig } from '@novats/core';
import { KeystoneSession, PasswordPlugin, sessionFromConfig } from '@novats/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_NOTES_NOVA_CONF } from '../../packages/core/src/config/install-notes-nova-conf.fixture.js';
import { closedPort, type FakeKeystone, startFakeKeystone } from '../support/fake-keystone.js';

let clock = Date.parse('2024-05-01T12:00:00Z');
const now = () => clock;
let keystone: FakeKeystone;

beforeAll(async () => {
  keystone = await startFakeKeystone({
    now,
    users: [
      { name: 'placement', password: 'secret', roles: { service: ['admin'] } },
      { name: 'nova', password: 'novapass', roles: { service: ['admin'] } },
    ],
    projects: [{ name: 'service' }],
    catalog: [
      {
        type: 'placement',
        endpoints: [
          { interface: 'public', url: 'http://public.one:8778', region: 'RegionOne' },
          { interface: 'internal', url: 'http://internal.one:8778/', region: 'RegionOne' },
          { interface: 'public', url: 'http://public.two:8778', region: 'RegionTwo' },
        ],
      },
      { type: 'compute', endpoints: [{ interface: 'public', url: 'http://compute:8774/v2.1' }] },
    ],
  });
});
afterAll(() => keystone?.stop());

const placementConf = (lines: Record<string, string>) =>
  NovaConfig.fromSources([
    `[placement]\n${Object.entries(lines)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n')}\n`,
  ]);

const passwordConf = (extra: Record<string, string> = {}) =>
  placementConf({
    auth_type: 'password',
    auth_url: keystone.url,
    username: 'placement',
    password: 'secret',
    user_domain_name: 'Default',
    project_name: 'service',
    project_domain_name: 'Default',
    ...extra,
  });

async function thrown(fn: () => unknown): Promise<any> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

describe('password plugin', () => {
  it('authenticates against an unversioned auth_url through /v3 and scopes to the project', async () => {
    const before = keystone.issued.length;
    const session = sessionFromConfig(passwordConf(), 'placement', { now });
    const token = await session.getToken();
    expect(keystone.issued.length).toBe(before + 1);
    expect(token).toBe(keystone.issued.at(-1)!.token);
    expect(keystone.authRequests.at(-1)).toEqual({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'placement', domain: { name: 'Default' }, password: 'secret' } },
        },
        scope: { project: { name: 'service', domain: { name: 'Default' } } },
      },
    });
    const access = await session.getAccess();
    expect(access).toMatchObject({ userId: 'u-placement', projectId: 'p-service', roles: ['admin'] });
    expect(access?.expiresAt).toBe(clock + 3_600_000);
    expect(await session.getToken()).toBe(token);
    expect(keystone.issued.length).toBe(before + 1);
  });

  it('reads the install notes [placement] as written (auth_url with /v3, os_region_name)', async () => {
    // The placement user's password is the last line of the file; the Keystone URL points here.
    const text = INSTALL_NOTES_NOVA_CONF.replace('http://controller:35357/v3', `${keystone.url}/v3`).replace(
      /username = placement\npassword = \*\*\*/,
      'username = placement\npassword = secret',
    );
    const conf = NovaConfig.fromSources([text]);
    const session = sessionFromConfig(conf, 'placement', { now });
    expect(await session.getEndpoint()).toBe('http://internal.one:8778');
    expect(keystone.authRequests.at(-1).auth.scope.project).toEqual({
      name: 'service',
      domain: { name: 'Default' },
    });
  });

  it('uses ids when they are given', async () => {
    const session = sessionFromConfig(
      placementConf({
        auth_type: 'password',
        auth_url: `${keystone.url}/v3/`,
        user_id: 'u-placement',
        password: 'secret',
        project_id: 'p-service',
      }),
      'placement',
      { now },
    );
    await session.getToken();
    expect(keystone.authRequests.at(-1).auth).toMatchObject({
      identity: { password: { user: { id: 'u-placement', password: 'secret' } } },
      scope: { project: { id: 'p-service' } },
    });
  });

  it('renews the token 30 s before it expires, and once after invalidate (a 401)', async () => {
    const plugin = new PasswordPlugin({
      authUrl: keystone.url,
      username: 'nova',
      password: 'novapass',
      userDomainName: 'default',
      projectName: 'service',
      projectDomainName: 'default',
      now,
    });
    const first = await plugin.getToken();
    clock += 3_600_000 - 31_000;
    expect(await plugin.getToken()).toBe(first);
    clock += 2_000;
    const second = await plugin.getToken();
    expect(second).not.toBe(first);
    plugin.invalidate(first); // a stale 401: someone already renewed
    expect(await plugin.getToken()).toBe(second);
    plugin.invalidate(second);
    const [a, b] = await Promise.all([plugin.getToken(), plugin.getToken()]);
    expect(a).toBe(b);
    expect(a).not.toBe(second);
    expect(keystone.tokensOf('nova').map((t) => t.token)).toEqual([first, second, a]);
  });

  it('names Keystone and the group when the credentials are refused', async () => {
    const err = await thrown(() =>
      sessionFromConfig(passwordConf({ password: 'wrong' }), 'placement').getToken(),
    );
    expect(err.code).toBe('identity.service_auth_failed');
    expect(err.message).toContain('[placement]');
    expect(err.message).toContain(`${keystone.url}/v3/auth/tokens`);
    expect(err.message).toContain('HTTP 401');
  });
});

describe('endpoint lookup', () => {
  it.each<{ name: string; extra: Record<string, string>; want: string }>([
    { name: 'internal first by default', extra: {}, want: 'http://internal.one:8778' },
    { name: 'public only', extra: { valid_interfaces: 'public' }, want: 'http://public.one:8778' },
    { name: 'region two', extra: { region_name: 'RegionTwo' }, want: 'http://public.two:8778' },
    {
      name: 'public before internal',
      extra: { valid_interfaces: 'public,internal', region_name: 'RegionOne' },
      want: 'http://public.one:8778',
    },
  ])('$name', async ({ extra, want }) => {
    expect(await sessionFromConfig(passwordConf(extra), 'placement', { now }).getEndpoint()).toBe(want);
  });

  it('fails with EndpointNotFound naming what was looked for', async () => {
    const err = await thrown(() =>
      sessionFromConfig(passwordConf({ region_name: 'RegionThree' }), 'placement', { now }).getEndpoint(),
    );
    expect(err.code).toBe('identity.endpoint_not_found');
    expect(err.message).toContain('region RegionThree');
    expect(err.message).toContain('[placement]');
  });

  it('lets endpoint_override win without asking Keystone', async () => {
    const before = keystone.issued.length;
    const session = sessionFromConfig(passwordConf({ endpoint_override: 'http://fixed:8778/' }), 'placement');
    expect(await session.getEndpoint()).toBe('http://fixed:8778');
    expect(keystone.issued.length).toBe(before);
  });

  it('looks up other service types by explicit choice', async () => {
    const session = sessionFromConfig(passwordConf(), 'placement', { now, serviceType: 'compute' });
    expect(await session.getEndpoint()).toBe('http://compute:8774/v2.1');
  });
});

describe('fixed tokens', () => {
  it('admin_token with endpoint_override sends the token as is', async () => {
    const session = sessionFromConfig(
      placementConf({ auth_type: 'admin_token', token: 'admin', endpoint_override: 'http://127.0.0.1:8778' }),
      'placement',
    );
    expect(session).toBeInstanceOf(KeystoneSession);
    expect(await session.getToken()).toBe('admin');
    expect(await session.getEndpoint()).toBe('http://127.0.0.1:8778');
    session.invalidate('admin');
    expect(await session.getToken()).toBe('admin');
  });
});

describe('configuration errors', () => {
  it.each<{ name: string; lines: Record<string, string>; missing: string[] }>([
    { name: 'no auth_type', lines: {}, missing: ['[placement] auth_type'] },
    {
      name: 'password without credentials',
      lines: { auth_type: 'password', auth_url: 'http://keystone:5000' },
      missing: ['[placement] username', '[placement] password', '[placement] project_name'],
    },
    {
      name: 'password without domains',
      lines: {
        auth_type: 'password',
        auth_url: 'http://keystone:5000',
        username: 'placement',
        password: 'x',
        project_name: 'service',
      },
      missing: ['[placement] user_domain_name', '[placement] project_domain_name'],
    },
    {
      name: 'admin_token without token',
      lines: { auth_type: 'admin_token' },
      missing: ['[placement] token'],
    },
    {
      name: 'admin_token without endpoint',
      lines: { auth_type: 'admin_token', token: 'admin' },
      missing: ['[placement] endpoint_override'],
    },
  ])('$name -> config.auth_missing_option', async ({ lines, missing }) => {
    const err = await thrown(() => sessionFromConfig(placementConf(lines), 'placement'));
    expect(isNovaError(err)).toBe(true);
    expect(err.code).toBe('config.auth_missing_option');
    for (const m of missing) expect(err.message).toContain(m);
  });

  it('rejects an unknown auth_type', async () => {
    const err = await thrown(() =>
      sessionFromConfig(placementConf({ auth_type: 'v2password' }), 'placement'),
    );
    expect(err.code).toBe('config.auth_plugin_not_found');
    expect(err.message).toContain('[placement] auth_type');
  });

  it('names the URL and the option when Keystone is unreachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const err = await thrown(() =>
      sessionFromConfig(passwordConf({ auth_url: url }), 'placement').getEndpoint(),
    );
    expect(err.code).toBe('identity.keystone_unreachable');
    expect(err.status).toBe(503);
    expect(err.message).toContain(`${url}/v3/auth/tokens`);
    expect(err.message).toContain('[placement] auth_url');
    expect(err.message).toContain('ECONNREFUSED');
  });
});
