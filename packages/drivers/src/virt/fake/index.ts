export * from './fake-driver.js';
export * from './fake-faults.js';
