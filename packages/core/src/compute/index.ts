export * from './flavor-extra-spec-rules.js';
export * from './instance-state-changes.js';
export * from './instance-status.js';
export * from './instance-transition-check.js';
export * from './instance-transitions.js';
export * from './power-state.js';
export * from './task-state.js';
export * from './vm-state.js';
