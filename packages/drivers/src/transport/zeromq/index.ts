/**
 * The ZeroMQ transport driver for `zmq://` transport URLs and its proxy.
 * Nothing is registered on import: `openTransport` loads this driver on
 * first use of such a URL, and the CLI registers it with its own zeromq.
 */
export * as zmqFrames from './zmq-frames.js';
export * from './zmq-options.js';
export * from './zmq-proxy.js';
export type { ZmqSocketLibrary } from './zmq-socket-library.js';
export * from './zmq-transport.js';
export * from './zmq-url.js';
