export * from './instance-locator.js';
export * from './metadata-app.js';
export * from './metadata-settings.js';
export * from './metadata-source.js';
export * from './request-identity.js';
export * from './vendor-data.js';
