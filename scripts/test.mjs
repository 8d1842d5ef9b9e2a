#!/usr/bin/env node
// The whole test command (`npm test` after bootstrap): type-check, then the
// test files in vitest's parallel pool, then the heavy suites (multi-process
// deployments, a private broker node) one file at a time outside the pool,
// so that they do not compete for this machine's two cores. Ends with one
// "N passed, N failed" line over all of it; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const HEAVY = [
  'test/deploy/',
  'test/transport/amqp-restart.test.ts',
  'test/image/openstack-image-cli.test.ts',
  'test/identity/openstack-cli.test.ts',
  'examples/testing/openstack-cli.test.ts',
  'test/packaging/',
  'test/compute-api/api-fuzz.test.ts',
  'test/compute-api/real-clients.test.ts',
  'test/virt/libvirt-guest.test.ts',
  // vcsim: a Go build (about a minute, once per run) and a simulator process.
  'test/virt/vmware-driver.test.ts',
  'test/virt/vmware-up.test.ts',
  'test/console/novnc-browser.test.ts',
  'test/console/standalone-services.test.ts',
  // a second vitest (forks and threads) whose test forgets cloud.stop().
  'test/testing/forgotten-stop-vitest.test.ts',
  'test/dashboard/dashboard-browser.test.ts',
  // typedoc type-checks the whole workspace: about 20 s of CPU.
  'test/docs/typedoc.test.ts',
];
const reports = mkdtempSync(join(tmpdir(), 'novats-test-'));
let passed = 0;
let failed = 0;
let ok = true;

function step(title, cmd, args) {
  process.stdout.write(`\n== ${title}\n`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  process.stdout.write(
    `== ${title}: ${res.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  if (res.status !== 0) ok = false;
}

function vitest(title, report, args) {
  const file = join(reports, `${report}.json`);
  step(title, bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
    ...args,
  ]);
  try {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    passed += json.numPassedTests;
    failed +=
      json.numFailedTests +
      (json.numTotalTestSuites > 0 && json.success === false && json.numFailedTests === 0 ? 1 : 0);
  } catch {
    failed += 1; // no report: the run itself failed
  }
}

step('type-check (tsc)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
// NOTE(packages): each package again on its own, against the other packages'
// built .d.ts files (as a user who installs them sees them), not their sources.
for (const pkg of ['core', 'sdk', 'drivers', 'server', 'cli']) {
  step(`type-check @novats/${pkg} against published types`, bin('tsc'), [
    '-p',
    `packages/${pkg}/tsconfig.json`,
    '--noEmit',
  ]);
}
// The dashboard's browser code: DOM library and Preact's JSX, so a tsconfig of its own.
step('type-check the dashboard (web)', bin('tsc'), ['-p', 'packages/dashboard/tsconfig.json', '--noEmit']);
vitest(
  'tests (parallel pool)',
  'pool',
  HEAVY.flatMap((h) => ['--exclude', h.endsWith('/') ? `${h}**` : h]),
);
vitest('heavy suites (one at a time)', 'heavy', ['--no-file-parallelism', ...HEAVY]);
rmSync(reports, { recursive: true, force: true });
process.stdout.write(`\nTests: ${passed} passed, ${failed} failed\n`);
process.exit(ok && failed === 0 ? 0 : 1);
