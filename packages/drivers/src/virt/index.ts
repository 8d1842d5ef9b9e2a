export * from './config-drive/index.js';
export * from './create-virt-driver.js';
export * from './fake/index.js';
export * from './libvirt/index.js';
export * from './vmware/index.js';
export * from './xenapi/index.js';
