/** `@novats/drivers/fake`: Nova's fake virt driver, for tests, benchmarks and `novats up`. */
export * from './virt/fake/index.js';
