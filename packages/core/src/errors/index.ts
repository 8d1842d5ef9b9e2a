export * from './common-errors.js';
export * from './compute-errors.js';
export * from './console-errors.js';
export * from './image-errors.js';
export * from './nova-error.js';
export * from './placement-errors.js';
export * from './quota-errors.js';
export * from './scheduler-errors.js';
