/**
 * `@novats/server/testing/vitest`: add it to vitest's `setupFiles`. After
 * each test file, every cloud the file started and never stopped is named in
 * a `NOVATS_CLOUD_NOT_STOPPED` warning and stopped. Vitest's workers (forks
 * and threads pools alike) end without Node's `beforeExit`, so without this
 * hook a forgotten cloud goes unreported there.
 *
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ['@novats/server/testing/vitest'] } });
 * ```
 * @packageDocumentation
 */
import { afterAll } from 'vitest';
import { stopForgottenClouds } from './forgotten-stop.js';

afterAll(async () => {
  await stopForgottenClouds((message) => console.warn(message));
});
