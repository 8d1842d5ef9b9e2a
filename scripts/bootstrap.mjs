#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies with the pinned pnpm
// when they are missing or stale, then builds the packages whose sources
// changed since their last build. Quiet when there is nothing to do.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = 'npx -y pnpm@12.4.2';
const run = (cmd, cwd = root) => execSync(cmd, { cwd, stdio: ['ignore', process.stderr, process.stderr] });

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const marker = join(root, 'node_modules', '.modules.yaml');
const lock = join(root, 'pnpm-lock.yaml');
if (!existsSync(marker) || statSync(lock).mtimeMs > statSync(marker).mtimeMs) {
  process.stderr.write('novats: installing dependencies (first run only)...\n');
  run(`${PNPM} install --frozen-lockfile --reporter=append-only`);
  // NOTE(marker): pnpm leaves the marker alone when nothing changed; mark this lockfile as installed.
  const now = new Date();
  utimesSync(marker, now, now);
}

// Build in dependency order: core, sdk, drivers, server, cli.
for (const pkg of ['core', 'sdk', 'drivers', 'server', 'cli']) {
  const dir = join(root, 'packages', pkg);
  const built = newest(join(dir, 'dist'));
  if (
    built === 0 ||
    newest(join(dir, 'src')) > built ||
    statSync(join(dir, 'tsup.config.ts')).mtimeMs > built
  ) {
    process.stderr.write(`novats: building @novats/${pkg}...\n`);
    run(`${join(root, 'node_modules', '.bin', 'tsup')} --silent`, dir);
  }
}

// The dashboard's single-page app (packages/dashboard/web) bundled by Vite;
// it reads core's instance transition table and the SDK's built HTTP layer.
const dashboard = join(root, 'packages', 'dashboard');
const dashboardBuilt = newest(join(dashboard, 'dist'));
if (
  dashboardBuilt === 0 ||
  Math.max(
    newest(join(dashboard, 'web')),
    statSync(join(dashboard, 'vite.config.ts')).mtimeMs,
    statSync(join(root, 'packages', 'core', 'src', 'compute', 'instance-transitions.ts')).mtimeMs,
    newest(join(root, 'packages', 'sdk', 'dist')),
  ) > dashboardBuilt
) {
  process.stderr.write('novats: building @novats/dashboard...\n');
  run(`${join(dashboard, 'node_modules', '.bin', 'vite')} build`, dashboard);
}
