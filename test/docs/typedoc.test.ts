/** The API reference (typedoc, docs/api) builds from the TSDoc of core, sdk and testing without errors or warnings. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

it('typedoc documents core, sdk and testing without errors', () => {
  const run = spawnSync(
    process.execPath,
    ['node_modules/typedoc/bin/typedoc', '--emit', 'none', '--treatWarningsAsErrors'],
    {
      cwd: repo,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  expect(run.status, run.stdout + run.stderr).toBe(0);
  expect(run.stdout + run.stderr).not.toMatch(/\[(error|warning)\]/);
}, 320_000);
