export * from './vim-client.js';
export * from './vim-errors.js';
export * from './vmware-config.js';
export * from './vmware-driver.js';
