/**
 * The RabbitMQ transport (`transport_url = rabbit://...`), composed of one
 * kept-alive connection (amqp-connection), the sending side (amqp-rpc-client)
 * and one AmqpRpcServer per `listen`. `openAmqpTransport` resolves only once
 * connected, and fails fast with TransportUnreachable otherwise.
 */
import {
  type CallOptions,
  InvalidInput,
  type Logger,
  type RequestContext,
  type RpcEndpoint,
  type RpcListener,
  silentLogger,
  type Target,
  type Transport,
} from '@novats/core';
import type { TransportOptions } from '../create-transport.js';
import { TransportClosed } from '../transport-errors.js';
import type { AmqpClientLibrary } from './amqp-client-library.js';
import { AmqpConnectionManager } from './amqp-connection.js';
import { type RabbitSettings, readRabbitSettings } from './amqp-options.js';
import { AmqpRpcClient } from './amqp-rpc-client.js';
import { AmqpRpcServer } from './amqp-rpc-server.js';
import { parseRabbitUrl, redactTransportUrl } from './amqp-url.js';

export class AmqpTransport implements Transport {
  readonly #listeners = new Set<AmqpRpcServer>();
  #closed = false;

  private constructor(
    private readonly manager: AmqpConnectionManager,
    private readonly client: AmqpRpcClient,
    private readonly settings: RabbitSettings,
    private readonly opts: TransportOptions,
    private readonly log: Logger,
    private readonly exchange: string,
  ) {}

  /**
   * Parses `url`, connects with `amqplib` and declares the reply queue;
   * throws InvalidTransportURL or TransportUnreachable.
   */
  static async open(url: string, opts: TransportOptions, amqplib: AmqpClientLibrary): Promise<AmqpTransport> {
    const parsed = parseRabbitUrl(url);
    const log = opts.log ?? silentLogger;
    const settings = readRabbitSettings(opts.rabbit, opts.defaultTimeoutMs ?? 60_000);
    const exchange = opts.controlExchange ?? 'nova';
    const manager = new AmqpConnectionManager(parsed, redactTransportUrl(url), settings, log, amqplib);
    const client = new AmqpRpcClient(manager, exchange, settings, log);
    await client.start(); // registers the reply-queue hook before the first session exists
    await manager.open();
    return new AmqpTransport(manager, client, settings, opts, log, exchange);
  }

  /** The name of this transport's reply queue (`reply_<uuid>`). */
  get replyQueue(): string {
    return this.client.replyQueue;
  }

  call<T = unknown>(
    ctx: RequestContext,
    target: Target,
    method: string,
    args: unknown,
    opts?: CallOptions,
  ): Promise<T> {
    if (this.#closed) return Promise.reject(new TransportClosed());
    if (target.fanout) return Promise.reject(new InvalidInput('A call cannot be a fanout; use cast.'));
    const timeoutMs = opts?.timeoutMs ?? this.opts.defaultTimeoutMs ?? 60_000;
    return this.client.call(ctx, target, method, args, timeoutMs) as Promise<T>;
  }

  cast(ctx: RequestContext, target: Target, method: string, args: unknown): Promise<void> {
    if (this.#closed) return Promise.reject(new TransportClosed());
    return this.client.cast(ctx, target, method, args);
  }

  async listen(
    target: Required<Pick<Target, 'topic' | 'server'>>,
    endpoint: RpcEndpoint,
  ): Promise<RpcListener> {
    if (this.#closed) throw new TransportClosed();
    const server = await AmqpRpcServer.start(
      {
        manager: this.manager,
        exchange: this.exchange,
        settings: this.settings,
        log: this.log,
        onCastError: this.opts.onCastError,
      },
      target,
      endpoint,
    );
    this.#listeners.add(server);
    return {
      stop: async () => {
        this.#listeners.delete(server);
        await server.stop();
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.client.rejectAll(new TransportClosed());
    // NOTE(close): no draining here; unacked messages of running handlers go back to their queues.
    await Promise.all([...this.#listeners].map((server) => server.stop(false)));
    this.#listeners.clear();
    const session = this.manager.current;
    // NOTE(cleanup): the reply queue would otherwise linger until rabbit_transient_queues_ttl.
    await session?.publisher.deleteQueue(this.client.replyQueue).catch(() => {});
    await this.manager.close();
  }
}
