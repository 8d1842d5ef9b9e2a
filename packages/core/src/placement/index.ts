export * from './allocation.js';
export * from './candidates.js';
export * from './inventory.js';
export * from './placement-store.js';
export * from './provider-index.js';
export * from './resource-classes.js';
export * from './standard-traits.js';
export * from './types.js';
