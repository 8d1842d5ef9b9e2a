/**
 * The dashboard's bundle: web/ (Preact + hand-drawn SVG charts) into dist/,
 * everything bundled (no CDN). Core's instance transition table is imported
 * from its source file (web/state/allowed-actions.ts).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./web'),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
