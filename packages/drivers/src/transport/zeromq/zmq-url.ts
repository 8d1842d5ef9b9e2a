/**
 * `transport_url = zmq://host[:port]` names the `novats zmq-proxy` every
 * service connects to. The port defaults to 9501, oslo.messaging's old
 * `rpc_zmq_port`; an empty host means this machine (127.0.0.1). There is one
 * proxy, no credentials and no virtual host, so anything else is refused.
 */
import { InvalidTransportURL } from '../transport-errors.js';

/** The proxy's port when transport_url gives none (oslo's `rpc_zmq_port`). */
export const DEFAULT_ZMQ_PORT = 9501;

export interface ZmqAddress {
  /** As written in the URL (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** The libzmq endpoint, `tcp://host:port` (`tcp://[::1]:port` for IPv6). */
  readonly endpoint: string;
}

const SHAPE = 'expected zmq://host[:port]';

/** The proxy address of a `zmq://` URL; throws InvalidTransportURL when it is not one. */
export function parseZmqUrl(url: string): ZmqAddress {
  const text = url.trim();
  const match = /^zmq:\/\/([^/?#]*)\/?$/i.exec(text);
  if (!match) throw new InvalidTransportURL(text, SHAPE);
  const authority = match[1];
  if (authority.includes('@'))
    throw new InvalidTransportURL(text, `the zmq driver takes no credentials; ${SHAPE}`);
  if (authority.includes(','))
    throw new InvalidTransportURL(text, `the zmq driver talks to one proxy; ${SHAPE}`);
  const parts = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*))(?::(\d*))?$/.exec(authority);
  if (!parts) throw new InvalidTransportURL(text, SHAPE);
  const ipv6 = parts[1];
  const host = ipv6 ?? (parts[2] || '127.0.0.1');
  const portText = parts[3];
  const port = portText === undefined || portText === '' ? DEFAULT_ZMQ_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new InvalidTransportURL(text, `port ${portText} is not between 1 and 65535`);
  return { host, port, endpoint: `tcp://${ipv6 ? `[${host}]` : host}:${port}` };
}
