/**
 * @novats/drivers: adapters behind @novats/core's ports (databases,
 * transports, virt drivers, image and placement clients).
 */
export * from './db/index.js';
export * from './identity/index.js';
export * from './image/index.js';
export * from './placement-client/index.js';
export * from './transport/index.js';
export * from './virt/index.js';
