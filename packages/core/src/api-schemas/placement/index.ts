/** JSON schemas of the Placement API's request bodies, by microversion. */
export * from './allocations.js';
export * from './inventories.js';
export * from './placement-microversion.js';
export * from './placement-parameter-types.js';
export * from './placement-views.js';
export * from './provider-traits-aggregates.js';
export * from './reshaper.js';
export * from './resource-providers.js';
