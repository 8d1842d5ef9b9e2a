/**
 * `@novats/server/testing`: a whole cloud inside a test suite.
 *
 * ```ts
 * const cloud = await startCloud({ hosts: 2 });
 * // ... cloud.endpoints.compute, cloud.credentials.adminToken
 * await cloud.reset();
 * await cloud.stop();
 * ```
 * @packageDocumentation
 */
export { CloudOptionError } from './testing/cloud-option-error.js';
export {
  type CloudCredentials,
  type StartCloudOptions,
  startCloud,
  type TestCloud,
} from './testing/start-cloud.js';
export { TestClock } from './testing/test-clock.js';
