/**
 * The message bus between services, with oslo.messaging's semantics:
 * - `call` goes to one server of a topic (or `topic.server`) and waits for its reply;
 * - `cast` is fire-and-forget to one server (competing consumers on the topic);
 * - `fanout` reaches every server listening on the topic.
 * Adapters: in-process, AMQP (RabbitMQ), ZeroMQ. Services never assume that
 * the other end lives in the same process, so arguments must be JSON-serialisable.
 */
import type { RequestContext } from '../context/request-context.js';

/** Where a message goes: a topic such as `compute`, optionally one server such as `host1`. */
export interface Target {
  readonly topic: string;
  /** Direct delivery to `topic.server`; omit for any server of the topic. */
  readonly server?: string;
  /** Deliver to every server of the topic (cast only). */
  readonly fanout?: boolean;
}

/** How a message reached its handler. */
export interface Delivery {
  /**
   * The bus handed this message out before and never saw it settled (its
   * consumer died mid-way): the handler may find its own earlier, partial work.
   */
  readonly redelivered: boolean;
}

export const FIRST_DELIVERY: Delivery = Object.freeze({ redelivered: false });

/** Handlers of one RPC server, by method name; the returned value is the reply of a `call`. */
export type RpcEndpoint = Record<
  string,
  (ctx: RequestContext, args: any, delivery: Delivery) => unknown | Promise<unknown>
>;

export interface CallOptions {
  /** How long to wait for the reply (oslo's `rpc_response_timeout`, 60 s by default). */
  readonly timeoutMs?: number;
}

/** A running RPC server. */
export interface RpcListener {
  /** Stops taking new messages and resolves once the handlers already running have settled. */
  stop(): Promise<void>;
}

export interface Transport {
  /**
   * Sends `method(args)` to one server of `target` and resolves with its reply.
   * Rejects with MessagingTimeout when no reply comes within the timeout, and
   * with the remote error (same `code`/`status`/message) when the handler throws.
   */
  call<T = unknown>(
    ctx: RequestContext,
    target: Target,
    method: string,
    args: unknown,
    opts?: CallOptions,
  ): Promise<T>;
  /** Sends `method(args)` without waiting for the result; resolves once the bus accepted it. */
  cast(ctx: RequestContext, target: Target, method: string, args: unknown): Promise<void>;
  /**
   * Starts an RPC server for `topic` as `server`: it takes competing messages for
   * `topic`, direct ones for `topic.server` and fanout casts for `topic`.
   */
  listen(target: Required<Pick<Target, 'topic' | 'server'>>, endpoint: RpcEndpoint): Promise<RpcListener>;
  /** Closes connections; pending calls reject. Idempotent. */
  close(): Promise<void>;
}
