/** JSON schemas of the API requests, shared by the servers (validation) and @novats/sdk (types). */
export * from './from-schema.js';
export * from './microversion-range.js';
export * from './server-create.js';
export * from './server-view.js';
