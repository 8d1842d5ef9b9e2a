/**
 * Picks the transport adapter from Nova's `transport_url`, as oslo.messaging's
 * `get_rpc_transport` does: `inproc://` (or an empty URL, or oslo's `fake://`)
 * is the in-process bus, shared by every transport created for the same URL
 * so that services of one process meet; RabbitMQ, ZeroMQ and Kafka URLs are
 * recognised and refused clearly until their adapters land.
 */
import type { Transport } from '@novats/core';
import { InProcessBus } from './in-process/in-process-bus.js';
import { InProcessTransport, type InProcessTransportOptions } from './in-process/in-process-transport.js';
import { InvalidTransportURL, TransportNotAvailable } from './transport-errors.js';

export type CreateTransportOptions = Omit<InProcessTransportOptions, 'onClose'>;

const IN_PROCESS_SCHEMES = new Set(['inproc', 'fake']);
const PLANNED_SCHEMES = new Set(['rabbit', 'amqp', 'kombu', 'zmq', 'kafka']);

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

/** A Transport for `transport_url`; throws TransportNotAvailable or InvalidTransportURL. */
export function createTransport(url?: string | null, opts: CreateTransportOptions = {}): Transport {
  const scheme = transportScheme(url);
  if (IN_PROCESS_SCHEMES.has(scheme)) {
    const key = (url ?? '').trim() || 'inproc://';
    let bus = buses.get(key);
    if (!bus) {
      bus = new InProcessBus();
      buses.set(key, bus);
    }
    const shared = bus;
    return new InProcessTransport(shared, {
      ...opts,
      onClose: () => {
        if (shared.idle && buses.get(key) === shared) buses.delete(key);
      },
    });
  }
  if (PLANNED_SCHEMES.has(scheme)) throw new TransportNotAvailable(scheme);
  throw new InvalidTransportURL(url ?? '', `unknown transport driver "${scheme}"`);
}
