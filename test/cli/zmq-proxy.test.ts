/**
 * `novats zmq-proxy` as an operator runs it: the built command binds where
 * nova.conf's transport_url points, services talk through it, and SIGTERM
 * stops it cleanly.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestContext } from '@novats/core';
import { openTransport } from '@novats/drivers';
import { expect, it } from 'vitest';
import { ensureBuiltCli, freePort, spawnZmqProxy } from '../support/zmq-proxy.js';

const ctx: RequestContext = { request_id: 'r', user_id: null, project_id: null, roles: [], is_admin: true };

it('routes a call between two transports of its transport_url and exits 0 on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'novats-zmq-'));
  const url = `zmq://127.0.0.1:${await freePort()}`;
  const configFile = join(dir, 'nova.conf');
  writeFileSync(configFile, `[DEFAULT]\ntransport_url = ${url}\n`);
  const proxy = await spawnZmqProxy(configFile);
  try {
    expect(proxy.output()).toContain(`listening on ${url.replace('zmq:', 'tcp:')}`);
    const server = await openTransport(url);
    const client = await openTransport(url);
    await server.listen(
      { topic: 'conductor', server: 'c1' },
      { add: (_c, a: { x: number; y: number }) => a.x + a.y },
    );
    await expect(client.call(ctx, { topic: 'conductor' }, 'add', { x: 2, y: 40 })).resolves.toBe(42);
    await Promise.all([client.close(), server.close()]);
    const stopping = Date.now();
    proxy.child.kill('SIGTERM');
    expect(await proxy.exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(proxy.output()).toMatch(/SIGTERM received/);
  } finally {
    proxy.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

it('is listed by novats help', () => {
  expect(execFileSync(process.execPath, [ensureBuiltCli(), 'help'], { encoding: 'utf8' })).toMatch(
    /^\s+zmq-proxy\s/m,
  );
});
