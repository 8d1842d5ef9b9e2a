/** JSON schemas of the identity API (Keystone v3): request bodies and answers. */
export * from './auth-tokens.js';
export * from './identity-parameter-types.js';
export * from './identity-requests.js';
export * from './identity-views.js';
