import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));
const srcDir = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/`, import.meta.url));

export default defineConfig({
  resolve: {
    // NOTE(subpaths): a package's subpath export `@novats/<pkg>/<entry>` is `src/<entry>.ts` (`testing/vitest` too).
    alias: [
      { find: /^@novats\/(core|drivers|server|sdk)\/([\w/-]+)$/, replacement: `${srcDir('$1')}$2.ts` },
      { find: '@novats/core', replacement: src('core') },
      { find: '@novats/drivers', replacement: src('drivers') },
      { find: '@novats/server', replacement: src('server') },
      { find: '@novats/sdk', replacement: src('sdk') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
