/** JSON schemas of the image API (Glance v2): request bodies and answers. */
export * from './image-formats.js';
export * from './image-requests.js';
export * from './image-views.js';
