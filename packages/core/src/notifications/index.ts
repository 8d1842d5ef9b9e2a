export * from './instance-action-payload.js';
