export * from './vm-state.js';
export * from './task-state.js';
export * from './power-state.js';
