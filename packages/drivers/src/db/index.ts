export * from './connection-url.js';
