/**
 * An RPC server (listener) on AMQP: consumes `<topic>`, `<topic>.<server>`
 * and its own fanout queue on a channel of its own, with basic.qos
 * `rabbit_qos_prefetch_count`. A message is acked only after its handler
 * settled and its reply went out (at-least-once): if this process dies
 * mid-handling, the broker gives the message to another consumer. The reply
 * goes out on the consuming channel, without a confirm, just before the ack:
 * the broker handles a channel's frames in order, so it never sees the ack of
 * a call whose reply it did not route.
 * Undecodable messages are logged and acked (dropped). After a reconnect the
 * connection manager calls `attach` again, so the listener resumes by itself.
 */
import type { Delivery, Logger, RequestContext, RpcEndpoint, RpcListener } from '@novats/core';
import type { Channel, ConsumeMessage } from 'amqplib';
import { serializeRemoteError } from '../remote-error.js';
import { NoSuchMethod } from '../transport-errors.js';
import type { AmqpConnectionManager, AmqpSession } from './amqp-connection.js';
import {
  decodeRequest,
  encodeReply,
  type RpcReply,
  type RpcRequest,
  UndecodableMessage,
} from './amqp-envelope.js';
import type { RabbitSettings } from './amqp-options.js';
import { publishUnconfirmed } from './amqp-publish.js';
import { declareServerQueues } from './amqp-topology.js';

export interface RpcServerDeps {
  readonly manager: AmqpConnectionManager;
  readonly exchange: string;
  readonly settings: RabbitSettings;
  readonly log: Logger;
  readonly onCastError?: (method: string, error: unknown) => void;
}

/** The consuming channel of one session; `isOpen` turns false when it closes. */
interface Consumption {
  readonly channel: Channel;
  readonly tags: string[];
  isOpen: boolean;
}

export class AmqpRpcServer implements RpcListener {
  #consumption: Consumption | undefined;
  #removeHook: (() => void) | undefined;
  #inFlight = 0;
  #drained: Array<() => void> = [];
  #stopped = false;

  private constructor(
    private readonly deps: RpcServerDeps,
    private readonly target: { readonly topic: string; readonly server: string },
    private readonly endpoint: RpcEndpoint,
  ) {}

  /** Resolves once the consumers are registered with the broker. */
  static async start(
    deps: RpcServerDeps,
    target: { readonly topic: string; readonly server: string },
    endpoint: RpcEndpoint,
  ): Promise<AmqpRpcServer> {
    const server = new AmqpRpcServer(deps, target, endpoint);
    server.#removeHook = await deps.manager.addSessionHook((session) => server.#attach(session));
    return server;
  }

  /**
   * Cancels the consumers; with `drain`, waits for the handlers already
   * running (their replies and acks still go out), as oslo's graceful stop.
   * Without it (transport closing) their messages go back to the queue.
   */
  async stop(drain = true): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#removeHook?.();
      const consumption = this.#consumption;
      if (consumption?.isOpen)
        for (const tag of consumption.tags) await consumption.channel.cancel(tag).catch(() => {});
      if (consumption && this.#inFlight === 0) await this.#closeChannel(consumption);
    }
    if (drain && this.#inFlight > 0) await new Promise<void>((resolve) => this.#drained.push(resolve));
  }

  async #attach(session: AmqpSession): Promise<void> {
    if (this.#stopped) return;
    const channel = await session.connection.createChannel();
    const consumption: Consumption = { channel, tags: [], isOpen: true };
    channel.on('error', () => {});
    channel.on('close', () => {
      consumption.isOpen = false;
      if (!this.#stopped && this.#consumption === consumption)
        this.deps.manager.fail(session, `consumer channel of ${this.target.topic} closed`);
    });
    await channel.prefetch(this.deps.settings.prefetchCount);
    const queues = await declareServerQueues(channel, this.deps.exchange, this.target, this.deps.settings);
    this.#consumption = consumption;
    for (const queue of queues) {
      const { consumerTag } = await channel.consume(queue, (msg) => this.#deliver(consumption, queue, msg));
      consumption.tags.push(consumerTag);
    }
  }

  #deliver(consumption: Consumption, queue: string, msg: ConsumeMessage | null): void {
    if (!msg) {
      // The broker cancelled the consumer (queue deleted): start over on a fresh session.
      const session = this.deps.manager.current;
      if (!this.#stopped && session) this.deps.manager.fail(session, `queue ${queue} went away`);
      return;
    }
    this.#inFlight += 1;
    void this.#handle(consumption, queue, msg)
      .catch((err) => this.deps.log.error('RPC message handling failed', { queue, reason: String(err) }))
      .finally(() => {
        // NOTE(at-least-once): a message of a dead channel is not acked; the broker redelivers it.
        if (consumption.isOpen) {
          try {
            consumption.channel.ack(msg);
          } catch {
            // closed meanwhile: redelivered
          }
        }
        this.#inFlight -= 1;
        if (this.#stopped && this.#inFlight === 0) void this.#closeChannel(consumption);
      });
  }

  async #handle(consumption: Consumption, queue: string, msg: ConsumeMessage): Promise<void> {
    let request: RpcRequest;
    try {
      request = decodeRequest(msg.content);
    } catch (err) {
      if (!(err instanceof UndecodableMessage)) throw err;
      this.deps.log.warning('Dropped an undecodable message', { queue, reason: err.message });
      return;
    }
    const redelivered = msg.fields.redelivered === true;
    this.deps.log.debug('RPC message received', {
      queue,
      method: request.method,
      msg_id: request.msgId,
      redelivered,
    });
    const reply = await this.#dispatch(request, { redelivered });
    if (!reply) return;
    const replyQueue = request.replyQueue ?? msg.properties.replyTo;
    if (!replyQueue) {
      this.deps.log.warning('RPC reply not sent: the call names no reply queue', { msg_id: reply.msgId });
      return;
    }
    // NOTE(direct): replies go through the default exchange; an unroutable one (caller gone) is dropped.
    // NOTE(lost channel): nor is the message acked then; its redelivery replies again.
    if (!consumption.isOpen) return;
    publishUnconfirmed(consumption.channel, '', replyQueue, encodeReply(reply), {
      contentType: 'application/json',
      correlationId: reply.msgId,
      persistent: false,
    });
  }

  /** Runs the handler; returns the reply for a call, undefined for a cast. */
  async #dispatch(request: RpcRequest, delivery: Delivery): Promise<RpcReply | undefined> {
    const msgId = request.msgId;
    try {
      // NOTE(safety): prototype methods of Object (toString, constructor...) are not RPC methods.
      const handler = Object.hasOwn(Object.prototype, request.method)
        ? undefined
        : this.endpoint[request.method];
      if (typeof handler !== 'function') throw new NoSuchMethod(request.method);
      const result = await handler.call(
        this.endpoint,
        request.ctx as unknown as RequestContext,
        request.args,
        delivery,
      );
      return msgId === undefined ? undefined : { msgId, ok: true, result: result ?? null };
    } catch (err) {
      if (msgId === undefined) {
        if (this.deps.onCastError) this.deps.onCastError(request.method, err);
        else this.deps.log.warning('Cast handler failed', { method: request.method, reason: String(err) });
        return undefined;
      }
      return { msgId, ok: false, failure: serializeRemoteError(err) };
    }
  }

  async #closeChannel(consumption: Consumption): Promise<void> {
    if (!consumption.isOpen) return;
    consumption.isOpen = false;
    await consumption.channel.close().catch(() => {});
  }
}
