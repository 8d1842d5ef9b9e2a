/**
 * Publishing with publisher confirms: the promise settles on the broker's
 * basic.ack (resolve) or basic.nack (MessageDeliveryFailure). When the channel
 * dies before either, it rejects with ChannelLost so the caller can publish
 * again on the next session (at-least-once).
 */
import type { ConfirmChannel, Options } from 'amqplib';
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
    publishOn(session.publisher, exchange, routingKey, body, options, done, reject);
  });
}

/** Publishes without waiting for the confirm; false when the channel is already gone. */
export function publishUnconfirmed(
  session: AmqpSession,
  exchange: string,
  routingKey: string,
  body: Buffer,
  options: Options.Publish,
  onNack?: () => void,
): boolean {
  let sent = true;
  publishOn(
    session.publisher,
    exchange,
    routingKey,
    body,
    options,
    (err) => {
      if (err && session.isOpen) onNack?.();
    },
    () => {
      sent = false;
    },
  );
  return sent;
}

function publishOn(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  body: Buffer,
  options: Options.Publish,
  confirm: (err: unknown) => void,
  failed: (err: unknown) => void,
): void {
  try {
    channel.publish(exchange, routingKey, body, options, confirm);
  } catch (err) {
    // IllegalOperationError: the channel closed under us.
    failed(new ChannelLost((err as Error).message));
  }
}
