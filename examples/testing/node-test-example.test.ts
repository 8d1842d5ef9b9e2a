/**
 * Runs the node:test example (and a script that forgets stop()) the way a
 * user's project would: in a directory whose node_modules holds the built
 * @novats packages.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'novats-node-test-'));
  mkdirSync(join(dir, 'node_modules', '@novats'), { recursive: true });
  for (const pkg of ['core', 'sdk', 'drivers', 'server'])
    symlinkSync(join(repo, 'packages', pkg), join(dir, 'node_modules', '@novats', pkg));
  for (const f of ['node-test-example.mjs', 'forgets-stop.mjs'])
    copyFileSync(fileURLToPath(new URL(f, import.meta.url)), join(dir, f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the node:test example passes', () => {
  const run = spawnSync(process.execPath, ['--test', 'node-test-example.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/# pass 2/);
  expect(run.stdout).toMatch(/# fail 0/);
});

it('a script that forgets stop() exits by itself, with a clear warning', () => {
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['forgets-stop.mjs'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.signal, 'the process hung and was killed').toBeNull();
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('done, without stop()');
  expect(run.stderr).toMatch(/NOVATS_CLOUD_NOT_STOPPED.*never stopped; call `await cloud.stop\(\)`/);
  console.log(`forgets-stop.mjs exited in ${Date.now() - t0} ms`);
});
