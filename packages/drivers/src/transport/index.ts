export * from './create-transport.js';
export * from './in-process/index.js';
export * from './remote-error.js';
export * from './transport-errors.js';
