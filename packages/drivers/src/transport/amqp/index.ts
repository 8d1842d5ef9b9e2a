/**
 * The RabbitMQ transport driver, registered for `rabbit://` transport URLs
 * when this module is imported (the drivers barrel does).
 */
import { registerTransportDriver } from '../create-transport.js';
import { AmqpTransport } from './amqp-transport.js';

registerTransportDriver('rabbit', (url, opts) => AmqpTransport.open(url, opts));

export { type RabbitSettings, readRabbitSettings } from './amqp-options.js';
export { AmqpTransport } from './amqp-transport.js';
export {
  hostLabel,
  parseRabbitUrl,
  type RabbitHost,
  type RabbitUrl,
  redactTransportUrl,
} from './amqp-url.js';
