/**
 * A vitest test file that forgets `cloud.stop()`, run in a vitest of its own
 * under the forks and the threads pool with `@novats/server/testing/vitest`
 * as a setup file: each run names the forgotten cloud in a warning, and the
 * child vitest exits promptly after its summary instead of hanging.
 * Heavy (a second vitest): in HEAVY of scripts/test.mjs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

it('warns about a forgotten cloud under forks and threads, and the runner exits', async () => {
  const child = spawn(
    process.execPath,
    [vitest, 'run', '--config', 'test/testing/fixtures/vitest.forgets-stop.config.ts'],
    { cwd: repo, env: { ...process.env, CI: 'true', NO_COLOR: '1' } },
  );
  let out = '';
  let summaryAt = 0;
  child.stdout.on('data', (d) => {
    out += d;
    if (!summaryAt && /Duration/.test(out)) summaryAt = Date.now();
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  clearTimeout(killer);
  const exitedAfterSummaryMs = Date.now() - summaryAt;

  expect(code, out).toBe(0);
  expect(out).toMatch(/Tests\s+2 passed/);
  const warnings = out.match(
    /Warning \[NOVATS_CLOUD_NOT_STOPPED\]: startCloud\(\): the cloud at http:\/\/127\.0\.0\.1:\d+\/v2\.1 was never stopped; call `await cloud\.stop\(\)`/g,
  );
  expect(warnings, out).toHaveLength(2);
  expect(out).toMatch(/\|forks\| test\/testing\/fixtures\/forgets-stop\.fixture\.ts/);
  expect(out).toMatch(/\|threads\| test\/testing\/fixtures\/forgets-stop\.fixture\.ts/);
  expect(summaryAt, 'no summary line').toBeGreaterThan(0);
  expect(exitedAfterSummaryMs, 'the child vitest lingered after its summary').toBeLessThan(5_000);
}, 300_000);
