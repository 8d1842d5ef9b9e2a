export * from './config-drive-files.js';
export * from './ec2-ids.js';
export * from './ec2-tree.js';
export * from './instance-metadata.js';
export * from './metadata-lookup.js';
export * from './metadata-versions.js';
export * from './openstack-tree.js';
