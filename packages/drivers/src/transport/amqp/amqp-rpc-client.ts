/**
 * The sending side of an AMQP transport: `call` publishes to the control
 * exchange and waits on this transport's reply queue for the reply with its
 * msg id; `cast` resolves once the broker confirmed the message. While the
 * connection is down both wait for the reconnection: a call until its
 * timeout (MessagingTimeout), a cast until `publish_timeout`
 * (MessageDeliveryFailure); a cast whose confirm was lost is sent again.
 * Calls go on the session's channel without confirms: a call the broker
 * loses or refuses ends, as one whose server died, with MessagingTimeout.
 */
import { randomUUID } from 'node:crypto';
import { type Logger, MessagingTimeout, type RequestContext, type Target } from '@novats/core';
import type { ConsumeMessage } from 'amqplib';
import { deserializeRemoteError } from '../remote-error.js';
import { MessageDeliveryFailure, TransportClosed } from '../transport-errors.js';
import type { AmqpConnectionManager, AmqpSession } from './amqp-connection.js';
import { decodeReply, encodeRequest, UndecodableMessage } from './amqp-envelope.js';
import type { RabbitSettings } from './amqp-options.js';
import { ChannelLost, publishConfirmed, publishUnconfirmed } from './amqp-publish.js';
import {
  declareControlExchange,
  declareFanoutExchange,
  declareReplyQueue,
  declareTopicQueue,
  directQueueName,
  fanoutExchangeName,
  newReplyQueueName,
} from './amqp-topology.js';

interface PendingCall {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

const JSON_CONTENT = 'application/json';

export class AmqpRpcClient {
  readonly replyQueue = newReplyQueueName();
  readonly #pending = new Map<string, PendingCall>();
  /** Fanout exchanges and topic queues declared on a session, so each is asserted once per connection. */
  readonly #declared = new WeakMap<AmqpSession, Set<string>>();

  constructor(
    private readonly manager: AmqpConnectionManager,
    private readonly exchange: string,
    private readonly settings: RabbitSettings,
    private readonly log: Logger,
  ) {}

  /** Declares the control exchange and the reply queue now and after every reconnect. */
  async start(): Promise<void> {
    await this.manager.addSessionHook(async (session) => {
      await declareControlExchange(session.publisher, this.exchange, this.settings);
      await declareReplyQueue(session.publisher, this.replyQueue, this.settings);
      await session.publisher.consume(this.replyQueue, (msg) => this.#onReply(msg), { noAck: true });
    });
  }

  call(
    ctx: RequestContext,
    target: Target,
    method: string,
    args: unknown,
    timeoutMs: number,
  ): Promise<unknown> {
    const msgId = randomUUID().replace(/-/g, '');
    const body = encodeRequest({ method, args, ctx: { ...ctx }, msgId, replyQueue: this.replyQueue });
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.#settle(msgId, new MessagingTimeout(`Timed out waiting for a reply to message ID ${msgId}`)),
        timeoutMs,
      );
      this.#pending.set(msgId, { resolve, reject, timer });
      void this.#sendCall(msgId, target, body, deadline, timeoutMs);
    });
  }

  async cast(ctx: RequestContext, target: Target, method: string, args: unknown): Promise<void> {
    const body = encodeRequest({ method, args, ctx: { ...ctx } });
    const deadline = Date.now() + this.settings.publishTimeoutMs;
    for (;;) {
      const session = await this.manager.session(deadline);
      if (!session)
        throw new MessageDeliveryFailure(
          `No broker connection within ${this.settings.publishTimeoutMs} ms; the cast of ${method} to ${target.topic} was not sent.`,
        );
      try {
        let exchange = this.exchange;
        let routingKey = target.server ? directQueueName(target.topic, target.server) : target.topic;
        if (target.fanout) {
          await this.#ensureFanout(session, target.topic);
          exchange = fanoutExchangeName(target.topic);
          routingKey = '';
        } else {
          await this.#ensureQueue(session, routingKey);
        }
        await publishConfirmed(session, exchange, routingKey, body, {
          contentType: JSON_CONTENT,
          // NOTE(durability): fanout queues are transient, so only topic casts are persisted.
          persistent: this.settings.durableQueues && !target.fanout,
        });
        return;
      } catch (err) {
        if (err instanceof ChannelLost || !session.isOpen) continue;
        throw err;
      }
    }
  }

  /** Rejects every waiting call (transport closing). */
  rejectAll(err: unknown): void {
    for (const msgId of [...this.#pending.keys()]) this.#settle(msgId, err);
  }

  async #sendCall(msgId: string, target: Target, body: Buffer, deadline: number, timeoutMs: number) {
    const routingKey = target.server ? directQueueName(target.topic, target.server) : target.topic;
    while (this.#pending.has(msgId)) {
      let session: AmqpSession | undefined;
      try {
        session = await this.manager.session(deadline);
      } catch (err) {
        if (!(err instanceof TransportClosed)) this.log.error('RPC call not sent', { reason: String(err) });
        return; // closed: rejectAll settles the call
      }
      if (!session) return; // the call's timer settles it
      try {
        await this.#ensureQueue(session, routingKey);
      } catch {
        continue; // the channel closed under us: wait for the next session
      }
      const sent = publishUnconfirmed(session.sender, this.exchange, routingKey, body, {
        contentType: JSON_CONTENT,
        correlationId: msgId,
        replyTo: this.replyQueue,
        // NOTE(ttl): nobody waits for the reply after the timeout, so the call expires with it.
        expiration: String(Math.max(1, timeoutMs)),
        // NOTE(transient): a call cannot outlive its caller's wait; persisting it buys nothing.
        persistent: false,
      });
      if (sent) return;
      // The channel closed under us: wait for the next session.
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  #once(session: AmqpSession, key: string, declare: () => Promise<unknown>): Promise<void> | undefined {
    let declared = this.#declared.get(session);
    if (!declared) {
      declared = new Set();
      this.#declared.set(session, declared);
    }
    if (declared.has(key)) return undefined;
    return declare().then(() => {
      declared.add(key);
    });
  }

  async #ensureFanout(session: AmqpSession, topic: string): Promise<void> {
    await this.#once(session, `fanout:${topic}`, () => declareFanoutExchange(session.publisher, topic));
  }

  /**
   * NOTE(early messages): the sender declares the queue it sends to, as its
   * server would, so that a cast or call made before any server of the topic
   * started waits in the queue instead of being dropped by the exchange.
   */
  async #ensureQueue(session: AmqpSession, queue: string): Promise<void> {
    await this.#once(session, `queue:${queue}`, () =>
      declareTopicQueue(session.publisher, this.exchange, queue, this.settings),
    );
  }

  #onReply(msg: ConsumeMessage | null): void {
    if (!msg) return; // reply consumer cancelled (queue deleted): the reconnect re-declares it
    try {
      const reply = decodeReply(msg.content);
      const pending = this.#pending.get(reply.msgId);
      if (!pending) return; // timed out meanwhile, or a duplicate after a redelivery
      if (reply.ok) this.#settle(reply.msgId, undefined, reply.result);
      else this.#settle(reply.msgId, deserializeRemoteError(reply.failure));
    } catch (err) {
      if (!(err instanceof UndecodableMessage)) throw err;
      this.log.warning('Dropped an undecodable RPC reply', { queue: this.replyQueue, reason: err.message });
    }
  }

  #settle(msgId: string, err: unknown, result?: unknown): void {
    const pending = this.#pending.get(msgId);
    if (!pending) return;
    this.#pending.delete(msgId);
    clearTimeout(pending.timer);
    if (err) pending.reject(err);
    else pending.resolve(result);
  }
}
