/**
 * `novats up` as a user runs it: the built command starts the whole cloud in
 * the foreground, prints its endpoints, boots a server through the API, and
 * stops cleanly on SIGINT. (`npm test` builds the packages first.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { waitFor } from '../support/cloud.js';

const CLI = join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'novats.js');

it('brings the cloud up in seconds, boots a server and shuts down on SIGINT', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'novats-up-'));
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      CLI,
      'up',
      '--hosts',
      '2',
      '--state-dir',
      stateDir,
      '--compute-port',
      '0',
      '--placement-port',
      '0',
      '--image-port',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const compute = await waitFor(
      'novats up to print its endpoints',
      async () => /Compute API\s+(\S+)/.exec(out)?.[1],
      10_000,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(out).toMatch(/Placement API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('X-Auth-Token');
    const headers = { 'x-auth-token': 'admin:admin', 'content-type': 'application/json' };
    const res = await fetch(`${compute}/servers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        server: { name: 'cli-vm', imageRef: 'a2459075-d96c-40d5-893e-577ff92e721c', flavorRef: '1' },
      }),
    });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as any).server.id;
    await waitFor('ACTIVE', async () => {
      const s = (await (await fetch(`${compute}/servers/${id}`, { headers })).json()) as any;
      return s.server.status === 'ACTIVE' ? true : undefined;
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('Stopped cleanly.');
  } finally {
    child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  }
});
