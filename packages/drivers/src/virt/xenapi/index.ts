export * from './xenapi-config.js';
export * from './xenapi-driver.js';
export * from './xenapi-errors.js';
export * from './xenapi-session.js';
export * from './xmlrpc-codec.js';
