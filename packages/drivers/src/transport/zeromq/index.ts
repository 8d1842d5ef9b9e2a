import { registerTransportDriver } from '../create-transport.js';
import { openZmqTransport } from './zmq-transport.js';

export * as zmqFrames from './zmq-frames.js';
export * from './zmq-options.js';
export * from './zmq-proxy.js';
export * from './zmq-transport.js';
export * from './zmq-url.js';

registerTransportDriver('zmq', openZmqTransport);
