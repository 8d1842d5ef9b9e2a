/**
 * Keeps @novats/core pure: no Node I/O modules, no database, bus or HTTP
 * clients, no other package of ours, and no runtime dependencies at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(__dirname, '..', '..', 'packages', 'core');
const FORBIDDEN =
  /^(node:|fs$|net$|http$|https$|child_process$|dgram$|tls$|os$|path$|crypto$|worker_threads$|knex|sqlite3|mysql2|zeromq|amqplib|undici|fastify|ws$|pino|tsyringe|reflect-metadata|@novats\/)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

function importsOf(text: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) specs.push(m[1] ?? m[2] ?? m[3]);
  return specs;
}

describe('@novats/core stays pure', () => {
  it('finds the import specifiers the check relies on', () => {
    expect(
      importsOf("import { a } from 'node:fs';\nexport * from './x.js';\nconst k = await import('knex');"),
    ).toEqual(['node:fs', './x.js', 'knex']);
  });

  it('imports no I/O module and no other package of ours', () => {
    const offenders: string[] = [];
    for (const file of sources(join(CORE, 'src'))) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) continue;
        offenders.push(
          `${file}: ${spec} (${FORBIDDEN.test(spec) ? 'an I/O module or outer package' : 'core imports only its own files'})`,
        );
      }
    }
    expect(offenders).toEqual([]);
  });

  it('declares no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(CORE, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
