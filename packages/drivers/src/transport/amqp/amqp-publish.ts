/**
 * Publishing. Casts go out with publisher confirms: the promise settles on
 * the broker's basic.ack (resolve) or basic.nack (MessageDeliveryFailure),
 * and when the channel dies before either, it rejects with ChannelLost so the
 * caller can publish again on the next session (at-least-once). Calls and
 * replies go on channels without confirms: their sender waits for nothing
 * the broker could tell it (a call's proof of delivery is its reply), and a
 * confirm would cost the broker a basic.ack and the sender a wake-up each.
 */
import type { Channel, ConfirmChannel, Options } from 'amqplib';
import { MessageDeliveryFailure } from '../transport-errors.js';
import type { AmqpSession } from './amqp-connection.js';

/** The session's channel went away before the broker confirmed; retry on the next one. */
export class ChannelLost extends Error {}

export function publishConfirmed(
  session: AmqpSession,
  exchange: string,
  routingKey: string,
  body: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err: unknown) => {
      if (!err) resolve();
      // NOTE(nack): amqplib rejects both cases alike; a channel that is still open means the broker said no.
      else if (!session.isOpen) reject(new ChannelLost(String((err as Error)?.message ?? err)));
      else reject(new MessageDeliveryFailure(`The broker refused the message to ${exchange}/${routingKey}.`));
    };
    try {
      session.publisher.publish(exchange, routingKey, body, options, done);
    } catch (err) {
      // IllegalOperationError: the channel closed under us.
      reject(new ChannelLost((err as Error).message));
    }
  });
}

/** Publishes on a channel without confirms; false when the channel is already gone. */
export function publishUnconfirmed(
  channel: Channel | ConfirmChannel,
  exchange: string,
  routingKey: string,
  body: Buffer,
  options: Options.Publish,
): boolean {
  try {
    channel.publish(exchange, routingKey, body, options);
    return true;
  } catch {
    // IllegalOperationError: the channel closed under us.
    return false;
  }
}
