/** Where the built dashboard app lives: `@novats/dashboard`'s dist folder (built by scripts/bootstrap.mjs). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function dashboardStaticDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@novats/dashboard/package.json')), 'dist');
}
