import { defineConfig } from 'tsup';

const SERVICES = [
  'nova-api',
  'nova-conductor',
  'nova-scheduler',
  'nova-compute',
  'placement-api',
  'nova-placement-api',
  'novats-image',
  'nova-consoleauth',
  'nova-novncproxy',
  'nova-spicehtml5proxy',
  'nova-serialproxy',
  'nova-xvpvncproxy',
  'nova-api-metadata',
  'nova-cert',
  'novats-identity',
  'novats-dashboard',
];

export default defineConfig({
  entry: {
    novats: 'src/novats.ts',
    'nova-manage': 'src/nova-manage.ts',
    ...Object.fromEntries(SERVICES.map((name) => [name, `src/bin/${name}.ts`])),
  },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  // NOTE(packages): our packages resolve from node_modules at run time, never bundled twice.
  external: [/^@novats\//],
  banner: { js: '#!/usr/bin/env node' },
});
