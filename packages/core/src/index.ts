/**
 * @novats/core: Nova's domain as pure TypeScript. No I/O, no timers, no
 * globals; adapters come in through the ports.
 */

export * from './api-schemas/index.js';
export * from './compute/index.js';
export * from './config/index.js';
export * from './context/index.js';
export * from './errors/index.js';
export * from './metadata/index.js';
export * from './notifications/index.js';
export * from './objects/index.js';
export * from './placement/index.js';
export * from './policy/index.js';
export * from './ports/index.js';
export * from './quota/index.js';
export * from './scheduler/index.js';
