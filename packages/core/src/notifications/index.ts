export * from './instance-action-payload.js';
export * from './legacy-instance-info.js';
