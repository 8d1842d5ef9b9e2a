/**
 * The sockets of direct calls (see zmq-frames.ts): a listening transport's
 * ROUTER, bound on an ephemeral port, and a caller's DEALER to each listener
 * endpoint it calls. Where the ROUTER binds follows the proxy's address: an
 * all-in-one host on loopback keeps it on loopback; otherwise it binds every
 * interface and tells callers `rpc_zmq_host`, or this machine's hostname.
 */
import { hostname } from 'node:os';
import type { Dealer, Router } from 'zeromq';
import type { ZmqSocketLibrary } from './zmq-socket-library.js';

// NOTE(limits): large watermarks so bursts queue in libzmq instead of being dropped.
export const HIGH_WATER_MARK = 100_000;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** Where a transport binds its ROUTER for direct calls, and the host its callers are told. */
export function directHosts(
  proxyHost: string,
  configured?: string,
): { bindHost: string; advertisedHost: string } {
  if (configured) return { bindHost: '*', advertisedHost: configured };
  if (LOOPBACK.test(proxyHost)) {
    const host = proxyHost.toLowerCase() === 'localhost' ? '127.0.0.1' : proxyHost;
    return { bindHost: host.includes(':') ? `[${host}]` : host, advertisedHost: host };
  }
  return { bindHost: '*', advertisedHost: hostname() };
}

/** A bound ROUTER for direct calls and the endpoint callers reach it at; rejects when it cannot bind. */
export async function bindDirectRouter(
  zeromq: ZmqSocketLibrary,
  proxyHost: string,
  configured?: string,
): Promise<{ router: Router; endpoint: string }> {
  const { bindHost, advertisedHost } = directHosts(proxyHost, configured);
  const router = new zeromq.Router({
    linger: 100,
    sendTimeout: 0,
    sendHighWaterMark: HIGH_WATER_MARK,
    receiveHighWaterMark: HIGH_WATER_MARK,
  });
  try {
    await router.bind(`tcp://${bindHost}:*`);
  } catch (err) {
    router.close();
    throw err;
  }
  const port = /:(\d+)$/.exec(router.lastEndpoint ?? '')?.[1];
  const host = advertisedHost.includes(':') ? `[${advertisedHost}]` : advertisedHost;
  return { router, endpoint: `tcp://${host}:${port}` };
}

/** A caller's DEALER to a listener endpoint (libzmq connects and reconnects it). */
export function connectPeerDealer(zeromq: ZmqSocketLibrary, endpoint: string): Dealer {
  const dealer = new zeromq.Dealer({
    linger: 0,
    sendTimeout: 0,
    sendHighWaterMark: HIGH_WATER_MARK,
    receiveHighWaterMark: HIGH_WATER_MARK,
    reconnectInterval: 100,
    reconnectMaxInterval: 1_000,
  });
  dealer.connect(endpoint);
  return dealer;
}
