import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/novats.ts', 'src/nova-manage.ts'],
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  // NOTE(packages): our packages resolve from node_modules at run time, never bundled twice.
  external: [/^@novats\//],
  banner: { js: '#!/usr/bin/env node' },
});
