export * from './audit-period.js';
export * from './instance-action-payload.js';
export * from './instance-usage-payload.js';
export * from './legacy-instance-info.js';
