/**
 * `@novats/sdk`: typed clients for Compute, Placement, Identity and Image.
 * Request types come from the schemas nova-api validates with (@novats/core).
 * @packageDocumentation
 */
export type { ServerCreate, ServerView } from '@novats/core';
export * from './cloud-client.js';
export * from './compute-client.js';
export * from './errors.js';
export * from './http-client.js';
export * from './identity-client.js';
export * from './image-client.js';
export * from './placement-client.js';
export * from './session.js';
export { schemaMismatch } from './validate.js';
