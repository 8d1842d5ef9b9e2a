export * from './api/index.js';
export * from './cell/index.js';
export * from './connection-errors.js';
export * from './connection-url.js';
export * from './database-server.js';
export * from './identity/index.js';
export * from './image/index.js';
export * from './placement/index.js';
