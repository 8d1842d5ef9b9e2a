import { chmodSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { launcherSource } from './src/launcher.js';

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

const ENTRIES: Record<string, string> = {
  novats: 'src/novats.ts',
  'nova-manage': 'src/nova-manage.ts',
  ...Object.fromEntries(SERVICES.map((name) => [name, `src/bin/${name}.ts`])),
};

export default defineConfig({
  entry: ENTRIES,
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  // NOTE(packages): our packages resolve from node_modules at run time, never bundled twice.
  external: [/^@novats\//],
  banner: { js: '#!/usr/bin/env node' },
  // Each bin is a CommonJS launcher of its ES module (src/launcher.ts says why).
  async onSuccess() {
    for (const entry of Object.keys(ENTRIES)) {
      const file = `dist/${entry}.cjs`;
      writeFileSync(file, launcherSource(entry));
      chmodSync(file, 0o755);
    }
  },
});
