export * from './config-drive.js';
export * from './iso9660-writer.js';
