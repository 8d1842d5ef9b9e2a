/**
 * Picks the transport adapter from Nova's `transport_url`, as oslo.messaging's
 * `get_rpc_transport` does: the URL's scheme names the driver.
 *   inproc:// (or empty, or oslo's fake://)  the in-process bus, shared by
 *                                            every transport of the same URL
 *   rabbit://user:pass@host:5672[,host2]/vhost   RabbitMQ (AMQP 0-9-1)
 *   zmq://host[:port]                        ZeroMQ through `novats zmq-proxy`
 * `openTransport` connects before it resolves, so that a service fails at
 * startup (naming transport_url) rather than on its first message.
 */
import type { Logger, Transport } from '@novats/core';
import { InProcessBus } from './in-process/in-process-bus.js';
import { InProcessTransport } from './in-process/in-process-transport.js';
import { InvalidTransportURL, TransportDriverMissing, TransportNotAvailable } from './transport-errors.js';

/** What every adapter takes besides the URL; option names follow oslo.messaging. */
export interface TransportOptions {
  /** Reply timeout when a call gives none (`[DEFAULT] rpc_response_timeout`, 60 s). */
  readonly defaultTimeoutMs?: number;
  /** `[DEFAULT] control_exchange`: the exchange (namespace) of the topics, `nova`. */
  readonly controlExchange?: string;
  /** Failures of cast handlers have no caller to go to; they are reported here. */
  readonly onCastError?: (method: string, error: unknown) => void;
  /** Connection loss, reconnects, undecodable messages. */
  readonly log?: Logger;
  /** `[oslo_messaging_rabbit]` options, by their oslo names. */
  readonly rabbit?: Readonly<Record<string, unknown>>;
  /** `[oslo_messaging_zmq]` options (Novats' ZeroMQ driver). */
  readonly zmq?: Readonly<Record<string, unknown>>;
}

/** Opens a connected transport for a URL; each adapter registers one. */
export type TransportOpener = (url: string, opts: TransportOptions) => Promise<Transport>;

const IN_PROCESS_SCHEMES = new Set(['inproc', 'fake']);
const KNOWN_ELSEWHERE = new Set(['kafka', 'amqp', 'kombu']);

const openers = new Map<string, TransportOpener>();

/**
 * Drivers that live in their own entry point (`@novats/drivers/amqp`,
 * `/zeromq`) because their client library is an optional peer dependency:
 * loaded on first use, so that a program that never names them never needs
 * amqplib or the native zeromq addon. A program that ships the library
 * registers the driver itself (the CLI does) and this is never reached.
 */
const LAZY_DRIVERS: Readonly<Record<string, { load: () => Promise<TransportOpener>; peer: string }>> = {
  rabbit: {
    load: async () => {
      const [{ rabbitTransportDriver }, amqplib] = await Promise.all([
        import('../amqp.js'),
        import('amqplib'),
      ]);
      return rabbitTransportDriver(amqplib);
    },
    peer: 'amqplib',
  },
  zmq: {
    load: async () => {
      const { openZmqTransport } = await import('../zeromq.js');
      return (url, opts) => openZmqTransport(url, opts);
    },
    peer: 'zeromq',
  },
};

async function loadDriver(scheme: string): Promise<TransportOpener | undefined> {
  const lazy = LAZY_DRIVERS[scheme];
  if (!openers.has(scheme) && lazy) {
    try {
      openers.set(scheme, await lazy.load());
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND')
        throw new TransportDriverMissing(scheme, lazy.peer);
      throw err;
    }
  }
  return openers.get(scheme);
}

/** Adds (or replaces) the driver of a URL scheme (`rabbit`, `zmq`). */
export function registerTransportDriver(scheme: string, open: TransportOpener): void {
  openers.set(scheme, open);
}

// NOTE(registry): one bus per URL; a bus is forgotten when its last transport closes.
const buses = new Map<string, InProcessBus>();

/** The driver name of a transport_url (`rabbit` for `rabbit://u:p@host:5672/`). */
export function transportScheme(url: string | null | undefined): string {
  const text = (url ?? '').trim();
  if (text === '') return 'inproc';
  const at = text.indexOf('://');
  if (at <= 0)
    throw new InvalidTransportURL(text, 'expected <driver>://[user:pass@]host:port[,...]/virtual_host');
  return text.slice(0, at).toLowerCase();
}

function inProcess(url: string | null | undefined, opts: TransportOptions): Transport {
  const key = (url ?? '').trim() || 'inproc://';
  let bus = buses.get(key);
  if (!bus) {
    bus = new InProcessBus();
    buses.set(key, bus);
  }
  const shared = bus;
  return new InProcessTransport(shared, {
    defaultTimeoutMs: opts.defaultTimeoutMs,
    onCastError: opts.onCastError,
    onClose: () => {
      if (shared.idle && buses.get(key) === shared) buses.delete(key);
    },
  });
}

/**
 * The in-process transport for `transport_url` (synchronous: nothing to
 * connect to). Other drivers need `openTransport`.
 */
export function createTransport(url?: string | null, opts: TransportOptions = {}): Transport {
  const scheme = transportScheme(url);
  if (IN_PROCESS_SCHEMES.has(scheme)) return inProcess(url, opts);
  if (openers.has(scheme) || Object.hasOwn(LAZY_DRIVERS, scheme))
    throw new InvalidTransportURL(url ?? '', `the ${scheme} driver connects first: use openTransport`);
  if (KNOWN_ELSEWHERE.has(scheme)) throw new TransportNotAvailable(scheme);
  throw new InvalidTransportURL(url ?? '', `unknown transport driver "${scheme}"`);
}

/** A connected Transport for any supported `transport_url`. */
export async function openTransport(url?: string | null, opts: TransportOptions = {}): Promise<Transport> {
  const scheme = transportScheme(url);
  if (IN_PROCESS_SCHEMES.has(scheme)) return inProcess(url, opts);
  const open = await loadDriver(scheme);
  if (open) return open((url ?? '').trim(), opts);
  if (KNOWN_ELSEWHERE.has(scheme)) throw new TransportNotAvailable(scheme);
  throw new InvalidTransportURL(url ?? '', `unknown transport driver "${scheme}"`);
}
