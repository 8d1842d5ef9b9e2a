export * from './config-errors.js';
export * from './derived-options.js';
export * from './ini-parser.js';
export * from './nova-config.js';
export * from './nova-options.js';
export * from './option-types.js';
