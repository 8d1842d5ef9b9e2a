export * from './fake-driver.js';
