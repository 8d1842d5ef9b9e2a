export * from './fake-driver.js';
export * from './fake-faults.js';
export * from './framebuffer.js';
export * from './rfb-server.js';
