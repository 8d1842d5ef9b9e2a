/**
 * Where the built dashboard app lives: `@novats/dashboard`'s dist folder when
 * that package is installed beside the CLI, else the checkout's
 * packages/dashboard/dist (built by scripts/bootstrap.mjs).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function dashboardStaticDir(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@novats/dashboard/package.json')), 'dist');
  } catch {
    // NOTE(layout): this module is bundled into packages/cli/dist/<command>.js.
    return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dashboard', 'dist');
  }
}
