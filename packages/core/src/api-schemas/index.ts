/** JSON schemas of the API requests, shared by the servers (validation) and @novats/sdk (types). */
export * from './aggregates.js';
export * from './flavors.js';
export * from './from-schema.js';
export * from './keypairs.js';
export * from './microversion-range.js';
export * from './parameter-types.js';
export * from './placement/index.js';
export * from './remote-consoles.js';
export * from './server-action-bodies.js';
export * from './server-action-results.js';
export * from './server-actions.js';
export * from './server-create.js';
export * from './server-move-actions.js';
export * from './server-rebuild.js';
export * from './server-update.js';
export * from './server-view.js';
export * from './services.js';
