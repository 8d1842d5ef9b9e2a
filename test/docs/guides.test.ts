/**
 * Every ```ts block of the guides runs: each is written next to this file
 * as a module and imported, so the repo's aliases resolve its imports.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('../../docs/guides/', import.meta.url));
const written: string[] = [];
afterAll(() => {
  for (const f of written) rmSync(f, { force: true });
});

it('has a guide for each use of the design card', () => {
  expect(readdirSync(here).sort()).toEqual(
    expect.arrayContaining([
      'cloud-in-tests.md',
      'embed-placement.md',
      'embed-the-scheduler.md',
      'run-compute-api.md',
    ]),
  );
});

for (const guide of readdirSync(here).filter((f) => f.endsWith('.md'))) {
  const blocks = [...readFileSync(`${here}${guide}`, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (m) => m[1],
  );
  describe(guide, () => {
    it('has code blocks', () => expect(blocks.length).toBeGreaterThan(0));
    blocks.forEach((code, i) => {
      it(`block ${i + 1} runs`, async () => {
        const file = `${here}.block-${guide.replace(/\.md$/, '')}-${i + 1}.ts`;
        writeFileSync(file, `${code}\nexport {};\n`);
        written.push(file);
        await import(/* @vite-ignore */ file);
        // NOTE(load): the first block of a file transforms the packages it imports; generous on a busy machine.
      }, 120_000);
    });
  });
}
