/**
 * Console tokens through the Compute API: POST remote-consoles (2.6+) and the
 * pre-2.6 os-get*Console actions with Nova's 200/400/404/409 answers, tokens
 * stored only as sha256 in the cell's console_auth_tokens, GET
 * os-console-auth-tokens (admin), and a token's end: expired after
 * `[consoleauth] token_ttl`, unknown, or gone with its instance.
 */
import { createHash } from 'node:crypto';
import type { KnexCellDatabase } from '@novats/drivers';
import { type CellRegistry, purgeExpiredConsoleAuthorizations, ServerTokens } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';
import { bootActive, manualClock, remoteConsole, tokenOfUrl, versionHeader } from './console-support.js';

let t: TestCloud;
let server: string;
const clock = manualClock();

async function tokenRows(): Promise<Record<string, unknown>[]> {
  const cells = t.cloud.scope.resolve<CellRegistry>(ServerTokens.CellRegistry);
  const rows: Record<string, unknown>[] = [];
  for (const { db } of await cells.all())
    rows.push(...(await (db as KnexCellDatabase).knex('console_auth_tokens').select()));
  return rows;
}

function showToken(token: string, version = '2.31', as = 'admin:admin') {
  return t.compute('GET', `/os-console-auth-tokens/${token}`, undefined, as, versionHeader(version));
}

beforeAll(async () => {
  t = await startTestCloud('sqlite', { clock, hosts: 1 });
  server = await bootActive(t, 'console-vm');
});

afterAll(async () => {
  await t?.stop();
});

describe('POST /servers/{id}/remote-consoles', () => {
  it('answers a noVNC URL whose token sits in the path parameter', async () => {
    const res = await remoteConsole(t, server, 'vnc', 'novnc');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.remote_console).sort()).toEqual(['protocol', 'type', 'url']);
    expect(res.body.remote_console).toMatchObject({ protocol: 'vnc', type: 'novnc' });
    const url = new URL(res.body.remote_console.url);
    expect(url.origin).toBe(t.cloud.endpoints.novncproxy);
    expect(url.pathname).toBe('/vnc_auto.html');
    expect(url.searchParams.get('path')).toMatch(/^\?token=[0-9a-f-]{36}$/);
  });

  it('answers an XVP URL with ?token=', async () => {
    const res = await remoteConsole(t, server, 'vnc', 'xvpvnc');
    expect(res.status).toBe(200);
    expect(res.body.remote_console.url).toMatch(
      new RegExp(`^${t.cloud.endpoints.xvpvncproxy}/console\\?token=[0-9a-f-]{36}$`),
    );
  });

  it('stores the sha256 of the token, never the token, bound to instance, host, port and type', async () => {
    const token = tokenOfUrl((await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url);
    const rows = await tokenRows();
    const row = rows.find((r) => r.token_hash === createHash('sha256').update(token).digest('hex'));
    expect(row).toMatchObject({ instance_uuid: server, console_type: 'novnc', host: '127.0.0.1' });
    expect(Number(row?.port)).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
    const expires = Number(row?.expires);
    expect(expires - Math.floor(clock.now() / 1000)).toBeGreaterThanOrEqual(599);
    expect(expires - Math.floor(clock.now() / 1000)).toBeLessThanOrEqual(600);
  });

  it.each([
    ['a protocol outside the schema', { protocol: 'telnet', type: 'novnc' }, '2.6', 400],
    ['a type outside the schema', { protocol: 'vnc', type: 'vnc' }, '2.6', 400],
    ['mks before 2.8', { protocol: 'mks', type: 'webmks' }, '2.7', 400],
    ['a type of another protocol', { protocol: 'vnc', type: 'spice-html5' }, '2.6', 400],
    ['spice, disabled by default ([spice] enabled)', { protocol: 'spice', type: 'spice-html5' }, '2.6', 400],
    ['serial, disabled by default', { protocol: 'serial', type: 'serial' }, '2.6', 400],
    ['mks at 2.8, disabled by default', { protocol: 'mks', type: 'webmks' }, '2.8', 400],
    ['a version before 2.6', { protocol: 'vnc', type: 'novnc' }, '2.5', 404],
  ])('refuses %s', async (_name, body, version, status) => {
    const before = (await tokenRows()).length;
    const res = await t.compute(
      'POST',
      `/servers/${server}/remote-consoles`,
      { remote_console: body },
      'admin:admin',
      versionHeader(version),
    );
    expect(res.status).toBe(status);
    expect(Object.keys(res.body)).toEqual([status === 400 ? 'badRequest' : 'itemNotFound']);
    expect((await tokenRows()).length).toBe(before);
  });

  it('is 400 for a body without remote_console and 404 for an unknown server', async () => {
    const bad = await t.compute(
      'POST',
      `/servers/${server}/remote-consoles`,
      { console: {} },
      'admin:admin',
      versionHeader('2.6'),
    );
    expect(bad.status).toBe(400);
    const missing = await remoteConsole(t, '9e1e4e6c-4b0f-4c2e-9d8e-000000000000', 'vnc', 'novnc');
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.code).toBe(404);
  });

  it("is 404 for another project's server and 200 for the owner's", async () => {
    const mine = await bootActive(t, 'alice-vm', 'alice:proj-a');
    expect((await remoteConsole(t, mine, 'vnc', 'novnc', '2.6', 'bob:proj-b')).status).toBe(404);
    expect((await remoteConsole(t, mine, 'vnc', 'novnc', '2.6', 'alice:proj-a')).status).toBe(200);
  });
});

describe('a server that cannot show a console now', () => {
  async function setTaskState(uuid: string, task_state: string | null): Promise<void> {
    const cells = t.cloud.scope.resolve<CellRegistry>(ServerTokens.CellRegistry);
    for (const { db } of await cells.all()) {
      if (await db.instances.get(uuid)) await db.instances.update(uuid, { task_state: task_state as never });
    }
  }

  it.each(['migrating', 'deleting'])('is 409 while %s', async (state) => {
    await setTaskState(server, state);
    try {
      const res = await remoteConsole(t, server, 'vnc', 'novnc');
      expect(res.status).toBe(409);
      expect(res.body.conflictingRequest.message).toContain(`task_state ${state}`);
    } finally {
      await setTaskState(server, null);
    }
    expect((await remoteConsole(t, server, 'vnc', 'novnc')).status).toBe(200);
  });
});

describe('the pre-2.6 actions', () => {
  it('os-getVNCConsole answers {"console": {type, url}} at 2.1', async () => {
    const res = await t.compute('POST', `/servers/${server}/action`, {
      'os-getVNCConsole': { type: 'novnc' },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.console).sort()).toEqual(['type', 'url']);
    expect(res.body.console.type).toBe('novnc');
    expect(tokenOfUrl(res.body.console.url)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('checks the action body and the console type', async () => {
    const bad = await t.compute('POST', `/servers/${server}/action`, {
      'os-getVNCConsole': { type: 'spice-html5' },
    });
    expect(bad.status).toBe(400);
    const spice = await t.compute('POST', `/servers/${server}/action`, {
      'os-getSPICEConsole': { type: 'spice-html5' },
    });
    expect(spice.status).toBe(400);
    expect(spice.body.badRequest.message).toBe('Unavailable console type spice-html5.');
  });

  it('is gone from 2.6 on', async () => {
    const res = await t.compute(
      'POST',
      `/servers/${server}/action`,
      { 'os-getVNCConsole': { type: 'novnc' } },
      'admin:admin',
      versionHeader('2.6'),
    );
    expect(res.status).toBe(404);
  });
});

describe('GET /os-console-auth-tokens/{token}', () => {
  it('shows the connection of a live token to an admin (2.31+)', async () => {
    const token = tokenOfUrl((await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url);
    const res = await showToken(token);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.console).sort()).toEqual([
      'host',
      'instance_uuid',
      'internal_access_path',
      'port',
    ]);
    expect(res.body.console).toMatchObject({
      instance_uuid: server,
      host: '127.0.0.1',
      internal_access_path: null,
    });
  });

  it('is 401 for a VNC token before 2.31, 403 for a non-admin, 404 for an unknown token', async () => {
    const token = tokenOfUrl((await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url);
    expect((await showToken(token, '2.30')).status).toBe(401);
    expect((await showToken(token, '2.31', 'alice:proj-a')).status).toBe(403);
    const unknown = await showToken('0b7a2f0e-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.itemNotFound.message).toBe('Token not found');
  });

  it('refuses a token once its instance is deleted (the rows go with it)', async () => {
    const victim = await bootActive(t, 'doomed-vm');
    const token = tokenOfUrl((await remoteConsole(t, victim, 'vnc', 'novnc')).body.remote_console.url);
    expect((await showToken(token)).status).toBe(200);
    expect((await t.compute('DELETE', `/servers/${victim}`)).status).toBe(204);
    await waitFor('server gone', async () =>
      (await t.compute('GET', `/servers/${victim}`)).status === 404 ? true : undefined,
    );
    expect((await showToken(token)).status).toBe(404);
    expect((await tokenRows()).filter((r) => r.instance_uuid === victim)).toEqual([]);
    expect((await remoteConsole(t, victim, 'vnc', 'novnc')).status).toBe(404);
  });

  // NOTE(order): last, since moving the clock also makes the compute services look down.
  it('refuses a token after [consoleauth] token_ttl', async () => {
    const token = tokenOfUrl((await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url);
    expect((await showToken(token)).status).toBe(200);
    clock.advance(601_000);
    expect((await showToken(token)).status).toBe(404);
    // The periodic purge then removes the expired rows of every cell.
    const cells = t.cloud.scope.resolve<CellRegistry>(ServerTokens.CellRegistry);
    expect(await purgeExpiredConsoleAuthorizations(cells, clock.now())).toBeGreaterThan(0);
    expect(await tokenRows()).toEqual([]);
  });
});
