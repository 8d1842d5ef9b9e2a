export * from './api-records.js';
export * from './compute-node.js';
export * from './flavor.js';
export * from './image.js';
export * from './instance.js';
export * from './request-spec.js';
export * from './selection.js';
export * from './service.js';
