/**
 * The SDK's HTTP layer alone (sessions, the JSON call, typed errors), free of
 * the schema validator and the core schemas: what a browser bundle (the
 * dashboard) imports as `@novats/sdk/http`. It uses the global fetch only.
 */
export * from './errors.js';
export { type CallOptions, HttpClient } from './http-client.js';
export { type ServiceType, type Session, TokenSession } from './session.js';
