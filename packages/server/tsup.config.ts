import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/placement-worker.ts', 'src/testing.ts'],
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
});
