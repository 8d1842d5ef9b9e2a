/**
 * What a TypeScript user gets from the registry: every package packed with
 * `pnpm pack` (workspace versions rewritten), installed with npm into a
 * scratch project outside the repository, a program type-checked against the
 * installed .d.ts files and run. Core alone must install with nothing else
 * (no native module); the all-in-one installs the whole set (sqlite3 builds
 * from source here, so this suite is heavy and installs once).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = ['core', 'sdk', 'drivers', 'server', 'cli'] as const;
const work = mkdtempSync(join(tmpdir(), 'novats-packaging-'));
const tarballs: Record<string, string> = {};

const execFileAsync = promisify(execFile);

// NOTE(async): never spawnSync here: a blocked worker misses vitest's RPC heartbeats during the long install.
async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** A scratch npm project with `deps` installed and the test programs copied in. */
async function scratch(name: string, deps: string[]): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `scratch-${name}`, private: true, type: 'module' }),
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        outDir: 'out',
        types: ['node'],
        skipLibCheck: false,
      },
      include: ['*.ts'],
    }),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...deps], dir);
  return dir;
}

async function compileAndRun(dir: string, program: string): Promise<unknown> {
  cpSync(join(root, 'test', 'packaging', 'programs', `${program}.ts`), join(dir, `${program}.ts`));
  // NOTE(tsc): the scratch project's own TypeScript, as a user's project would have it.
  await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], dir);
  const out = await run(process.execPath, [join(dir, 'out', `${program}.js`)], dir);
  return JSON.parse(out.trim().split('\n').at(-1) ?? 'null');
}

/** Files of native addons under a node_modules tree. */
function nativeModules(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.node')) found.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

const TOOLS = ['typescript@5.9.3', '@types/node@20.19.25'];

beforeAll(async () => {
  for (const pkg of PACKAGES) {
    const out = await run(
      'npx',
      ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', work],
      join(root, 'packages', pkg),
    );
    const file = out.trim().split('\n').at(-1) ?? '';
    tarballs[pkg] = file.startsWith('/') ? file : join(work, file);
    expect(existsSync(tarballs[pkg])).toBe(true);
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packed packages installed from tarballs', () => {
  it('ship their type declarations and no workspace: ranges', async () => {
    for (const pkg of PACKAGES) {
      const listing = await run('tar', ['-tzf', tarballs[pkg]], work);
      if (pkg !== 'cli') expect(listing).toContain('package/dist/index.d.ts');
      const manifest = await run('tar', ['-xzOf', tarballs[pkg], 'package/package.json'], work);
      expect(manifest).not.toContain('workspace:');
    }
  });

  it('core alone: installs nothing native, type-checks and schedules', async () => {
    const dir = await scratch('core', [tarballs.core, ...TOOLS]);
    expect(nativeModules(join(dir, 'node_modules'))).toEqual([]);
    expect(readdirSync(join(dir, 'node_modules', '@novats'))).toEqual(['core']);
    expect(await compileAndRun(dir, 'core-alone')).toEqual({ chosen: 'large' });
    expect(await compileAndRun(dir, 'scheduler-with-placement')).toEqual({
      fits: ['host-b'],
      chosen: 'host-b',
    });
  }, 120_000);

  it('the all-in-one: installs the whole set and boots a server to ACTIVE', async () => {
    const dir = await scratch('all-in-one', [...PACKAGES.map((p) => tarballs[p]), ...TOOLS]);
    expect(await compileAndRun(dir, 'all-in-one')).toEqual({ created: 202, status: 'ACTIVE' });
    const help = await run(join(dir, 'node_modules', '.bin', 'novats'), ['help'], dir);
    expect(help).toContain('up');
  }, 600_000);
});
