/**
 * `@novats/drivers/zeromq`: the ZeroMQ transport and `novats zmq-proxy`
 * (needs the optional peer zeromq, a native addon). Importing it registers
 * the `zmq://` driver; `openTransport` also loads it on first use.
 */
export * from './transport/zeromq/index.js';
