/**
 * oslo.messaging's rabbit transport_url, parsed into broker addresses:
 *   rabbit://user:pass@host:port[,user:pass@host2:port2]/virtual_host[?query]
 * Several hosts are tried in turn for failover. An empty path is the default
 * virtual host `/`; user, password and virtual host are percent-decoded.
 */
import { InvalidTransportURL } from '../transport-errors.js';

/** One broker of the failover list. */
export interface RabbitHost {
  readonly hostname: string;
  readonly port: number;
  /** RabbitMQ's default user when the URL gives none. */
  readonly username: string;
  readonly password: string;
}

export interface RabbitUrl {
  readonly hosts: readonly RabbitHost[];
  readonly virtualHost: string;
  /** Query parameters, kept for options such as `?ssl=1` (not interpreted yet). */
  readonly query: Readonly<Record<string, string>>;
}

const DEFAULT_PORT = 5672;

function decode(url: string, part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new InvalidTransportURL(redactTransportUrl(url), `the ${what} is not valid percent-encoding`);
  }
}

function parseHost(url: string, text: string): RabbitHost {
  const at = text.lastIndexOf('@');
  const credentials = at === -1 ? '' : text.slice(0, at);
  const address = at === -1 ? text : text.slice(at + 1);
  const colon = credentials.indexOf(':');
  const username =
    credentials === ''
      ? 'guest'
      : decode(url, colon === -1 ? credentials : credentials.slice(0, colon), 'user');
  const password =
    credentials === '' ? 'guest' : colon === -1 ? '' : decode(url, credentials.slice(colon + 1), 'password');
  // NOTE(ipv6): `[::1]:5672`; the brackets are not part of the host name.
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::([^:]*))?$/.exec(address);
  const hostname = match?.[1] ?? match?.[2] ?? '';
  if (!match || hostname === '')
    throw new InvalidTransportURL(redactTransportUrl(url), `"${address}" is not host[:port]`);
  const portText = match[3];
  const port = portText === undefined || portText === '' ? DEFAULT_PORT : Number(portText);
  if (!/^\d*$/.test(portText ?? '') || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new InvalidTransportURL(
      redactTransportUrl(url),
      `port "${portText}" of ${hostname} is not 1-65535`,
    );
  return { hostname, port, username, password };
}

/** Parses a `rabbit://` transport_url; throws InvalidTransportURL (`transport.invalid_url`). */
export function parseRabbitUrl(url: string): RabbitUrl {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i.exec(url.trim());
  if (!match)
    throw new InvalidTransportURL(
      redactTransportUrl(url),
      'expected rabbit://user:pass@host:port/virtual_host',
    );
  const [, scheme, netloc, path, queryText] = match;
  if (scheme.toLowerCase() !== 'rabbit')
    throw new InvalidTransportURL(redactTransportUrl(url), `scheme "${scheme}" is not rabbit`);
  if (netloc === '') throw new InvalidTransportURL(redactTransportUrl(url), 'no broker host given');
  const hosts = netloc.split(',').map((part) => {
    if (part.trim() === '')
      throw new InvalidTransportURL(redactTransportUrl(url), 'empty entry in the host list');
    return parseHost(url, part.trim());
  });
  const vhostText = path.startsWith('/') ? path.slice(1) : path;
  const virtualHost = vhostText === '' ? '/' : decode(url, vhostText, 'virtual host');
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(queryText ?? '')) query[key] = value;
  return { hosts, virtualHost, query };
}

/** The URL with passwords replaced by `***`, fit for logs and error messages. */
export function redactTransportUrl(url: string): string {
  return url.replace(/([/,])([^/,@:]*):([^/,@]*)@/g, '$1$2:***@');
}

/** `host:port` of a broker, brackets around IPv6 addresses. */
export function hostLabel(host: RabbitHost): string {
  return host.hostname.includes(':') ? `[${host.hostname}]:${host.port}` : `${host.hostname}:${host.port}`;
}
