export * from './amqp/index.js';
export * from './create-transport.js';
export * from './in-process/index.js';
export * from './remote-error.js';
export * from './transport-errors.js';
export * from './zeromq/index.js';
