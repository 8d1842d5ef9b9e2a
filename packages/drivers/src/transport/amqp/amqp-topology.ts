/**
 * Exchange and queue layout of oslo.messaging's rabbit driver:
 * - a topic exchange named after `control_exchange` (`nova`);
 * - a shared queue `<topic>` (competing consumers) and a direct queue
 *   `<topic>.<server>`, bound to it with routing keys of the same names;
 * - a fanout exchange `<topic>_fanout` with one exclusive queue per listener;
 * - one reply queue `reply_<uuid>` per transport, reached through the
 *   default (direct) exchange with the queue name as routing key.
 */
import { randomUUID } from 'node:crypto';
import type { Channel } from 'amqplib';
import type { RabbitSettings } from './amqp-options.js';

export const topicQueueName = (topic: string) => topic;
export const directQueueName = (topic: string, server: string) => `${topic}.${server}`;
export const fanoutExchangeName = (topic: string) => `${topic}_fanout`;

const hex = () => randomUUID().replace(/-/g, '');

/** A fresh fanout queue name per declaration, so a reconnect never meets its own stale queue. */
export const fanoutQueueName = (topic: string) => `${topic}_fanout_${hex()}`;
export const newReplyQueueName = () => `reply_${hex()}`;

/** The topic exchange every `cast`/`call` goes through. */
export async function declareControlExchange(ch: Channel, exchange: string, settings: RabbitSettings) {
  await ch.assertExchange(exchange, 'topic', { durable: settings.durableQueues, autoDelete: false });
}

/**
 * NOTE(auto-delete): oslo makes fanout exchanges auto-delete; here they stay
 * until a broker restart, because a publisher that declared one once per
 * session would otherwise publish into a deleted exchange (a channel error).
 */
export async function declareFanoutExchange(ch: Channel, topic: string) {
  await ch.assertExchange(fanoutExchangeName(topic), 'fanout', { durable: false, autoDelete: false });
}

/** Declares a topic queue (`<topic>` or `<topic>.<server>`) bound to the control exchange by its name. */
export async function declareTopicQueue(
  ch: Channel,
  exchange: string,
  queue: string,
  settings: RabbitSettings,
) {
  await ch.assertQueue(queue, { durable: settings.durableQueues, autoDelete: false });
  await ch.bindQueue(queue, exchange, queue);
}

/** Declares and binds the three queues of an RPC server; returns their names (shared, direct, fanout). */
export async function declareServerQueues(
  ch: Channel,
  exchange: string,
  target: { readonly topic: string; readonly server: string },
  settings: RabbitSettings,
): Promise<string[]> {
  await declareControlExchange(ch, exchange, settings);
  const shared = topicQueueName(target.topic);
  const direct = directQueueName(target.topic, target.server);
  for (const queue of [shared, direct]) await declareTopicQueue(ch, exchange, queue, settings);
  await declareFanoutExchange(ch, target.topic);
  const fanout = fanoutQueueName(target.topic);
  await ch.assertQueue(fanout, { exclusive: true, autoDelete: true, durable: false });
  await ch.bindQueue(fanout, fanoutExchangeName(target.topic), '');
  return [shared, direct, fanout];
}

/**
 * The reply queue keeps its name across reconnects; it is not auto-delete, so
 * replies sent while this transport reconnects wait for it, and
 * `rabbit_transient_queues_ttl` removes it once nobody uses it.
 */
export async function declareReplyQueue(ch: Channel, name: string, settings: RabbitSettings) {
  await ch.assertQueue(name, { durable: false, autoDelete: false, expires: settings.transientQueuesTtlMs });
}
