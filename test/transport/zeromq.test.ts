/**
 * The ZeroMQ transport through an in-process `ZmqProxy`: the shared
 * contract, then what only a broker over sockets shows (URL parsing, an
 * absent proxy, garbage on the wire, dying listeners, a proxy restart).
 */
import type { RequestContext } from '@novats/core';
import { ZmqProxy, ZmqTransport } from '@novats/drivers';
import { startZmqProxy } from '../support/zmq-proxy.js';
import { describeTransportContract } from './transport.contract.js';

describeTransportContract('zeromq', async () => {
  const proxy = await startZmqProxy();
  return {
    connect: () => new ZmqTransport(proxy.url, { heartbeatIntervalMs: 100 }),
    cleanup: () => proxy.stop(),
  };
});

export type { RequestContext, ZmqProxy };
