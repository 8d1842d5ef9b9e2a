/**
 * `@novats/drivers/amqp`: the RabbitMQ transport (needs the optional peer
 * amqplib). Importing it registers the `rabbit://` driver; `openTransport`
 * also loads it on first use of such a URL.
 */
export * from './transport/amqp/index.js';
