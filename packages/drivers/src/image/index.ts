export * from './embedded-image-catalog.js';
export * from './glance-image-service.js';
export * from './image-visibility.js';
