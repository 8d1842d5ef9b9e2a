/**
 * One linter and formatter for the whole tree (Biome): the suite fails when
 * a file is not formatted or breaks a lint rule, so `npm test` catches it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

it('passes biome check (format and lint)', async () => {
  const biome = join(ROOT, 'node_modules', '.bin', 'biome');
  const result = await promisify(execFile)(
    biome,
    ['check', 'packages', 'test', 'bench', 'examples', 'scripts'],
    { cwd: ROOT },
  ).then(
    () => ({ code: 0, output: '' }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      output: `${err.stdout}\n${err.stderr}`,
    }),
  );
  expect(result.output).toBe('');
  expect(result.code).toBe(0);
});
