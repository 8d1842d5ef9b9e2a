export * from './quota-check.js';
export * from './quota-limits.js';
export * from './quota-resources.js';
export * from './quota-settings.js';
