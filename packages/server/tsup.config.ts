import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'placement-worker': 'src/placement-worker.ts',
    testing: 'src/testing.ts',
    // NOTE(vitest): vitest is an optional peer (tsup leaves it external); only this entry imports it.
    'testing/vitest': 'src/testing/vitest.ts',
  },
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
});
