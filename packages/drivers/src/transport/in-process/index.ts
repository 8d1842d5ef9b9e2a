export * from './in-process-bus.js';
export * from './in-process-transport.js';
