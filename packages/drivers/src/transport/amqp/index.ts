/**
 * The RabbitMQ transport driver for `rabbit://` transport URLs. Nothing is
 * registered on import: `openTransport` loads amqplib and this driver on
 * first use of such a URL, and a program that ships amqplib itself (the
 * CLI) registers `rabbitTransportDriver(amqplib)` up front.
 */
import type { TransportOpener } from '../create-transport.js';
import type { AmqpClientLibrary } from './amqp-client-library.js';
import { AmqpTransport } from './amqp-transport.js';

/** The `rabbit://` driver, connecting through the given amqplib. */
export function rabbitTransportDriver(amqplib: AmqpClientLibrary): TransportOpener {
  return (url, opts) => AmqpTransport.open(url, opts, amqplib);
}

export type { AmqpClientLibrary } from './amqp-client-library.js';
export { type RabbitSettings, readRabbitSettings } from './amqp-options.js';
export { AmqpTransport } from './amqp-transport.js';
export {
  hostLabel,
  parseRabbitUrl,
  type RabbitHost,
  type RabbitUrl,
  redactTransportUrl,
} from './amqp-url.js';
