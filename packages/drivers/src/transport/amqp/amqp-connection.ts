/**
 * One AMQP connection to the broker of a transport_url, kept alive: it tries
 * the URL's hosts in turn, and after a connection loss reconnects with oslo's
 * backoff (`rabbit_retry_interval` + n x `rabbit_retry_backoff`, capped by
 * `rabbit_interval_max`), then runs every registered session hook again so
 * that exchanges, queues and consumers are re-declared before work resumes.
 */
import type { Logger } from '@novats/core';
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { TransportClosed, TransportUnreachable } from '../transport-errors.js';
import type { AmqpClientLibrary } from './amqp-client-library.js';
import { type RabbitSettings, reconnectDelayMs } from './amqp-options.js';
import { hostLabel, type RabbitHost, type RabbitUrl } from './amqp-url.js';
import { coalesceWrites } from './amqp-write-coalescing.js';

/** A live connection and its two publishing channels; replaced wholesale on reconnect. */
export interface AmqpSession {
  readonly connection: ChannelModel;
  /** Publisher confirms: for casts, which resolve only once the broker took them. */
  readonly publisher: ConfirmChannel;
  /**
   * No confirms: for calls, whose proof of delivery is their reply. A confirm
   * would cost the broker a basic.ack and this process a wake-up per call.
   */
  readonly sender: Channel;
  /** False once the connection is lost; work holding this session must not ack on it. */
  readonly isOpen: boolean;
}

/** Declares what a session needs (queues, consumers); runs after each (re)connect. */
export type SessionHook = (session: AmqpSession) => Promise<void>;

class LiveSession implements AmqpSession {
  isOpen = true;
  constructor(
    readonly connection: ChannelModel,
    readonly publisher: ConfirmChannel,
    readonly sender: Channel,
  ) {}
}

export class AmqpConnectionManager {
  readonly #hooks = new Set<SessionHook>();
  #session: LiveSession | undefined;
  #waiters: Array<() => void> = [];
  #nextHost = 0;
  #closed = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: RabbitUrl,
    /** The transport_url with its password hidden, for messages. */
    private readonly label: string,
    private readonly settings: RabbitSettings,
    private readonly log: Logger,
    private readonly amqplib: AmqpClientLibrary,
  ) {}

  /** Connects to the first reachable host; throws TransportUnreachable after one round of them. */
  async open(): Promise<void> {
    const deadline = Date.now() + this.settings.connectionTimeoutMs;
    const failures: string[] = [];
    for (const host of this.url.hosts) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      try {
        await this.#establish(host, remaining);
        return;
      } catch (err) {
        failures.push(`${hostLabel(host)}: ${(err as Error).message}`);
      }
    }
    const tried = this.url.hosts.map(hostLabel);
    throw new TransportUnreachable(this.label, tried, failures.join('; ') || 'connection timed out');
  }

  /** The current session, waiting for a reconnection until `deadline` (epoch ms); undefined when it passed. */
  async session(deadline: number): Promise<AmqpSession | undefined> {
    for (;;) {
      if (this.#closed) throw new TransportClosed();
      if (this.#session?.isOpen) return this.#session;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The open session, if connected right now. */
  get current(): AmqpSession | undefined {
    return this.#session?.isOpen ? this.#session : undefined;
  }

  /** Registers `hook` for every future session and runs it now if connected. Returns its removal. */
  async addSessionHook(hook: SessionHook): Promise<() => void> {
    this.#hooks.add(hook);
    const current = this.#session;
    try {
      if (current?.isOpen) await hook(current);
    } catch (err) {
      this.#hooks.delete(hook);
      throw err;
    }
    return () => this.#hooks.delete(hook);
  }

  /** Treats the session as broken (e.g. a channel error) and reconnects. */
  fail(session: AmqpSession, reason: string): void {
    if (session !== this.#session || !session.isOpen) return;
    this.log.warning('AMQP channel failed; reconnecting', { transport_url: this.label, reason });
    session.connection.close().catch(() => {});
    this.#lost(session as LiveSession, reason);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    const session = this.#session;
    this.#session = undefined;
    if (session) session.isOpen = false;
    this.#wake();
    await session?.connection.close().catch(() => {});
  }

  async #establish(host: RabbitHost, timeoutMs: number): Promise<void> {
    const heartbeat = Math.ceil(this.settings.heartbeatTimeoutThreshold / 2);
    const connection = await this.amqplib.connect(
      {
        protocol: 'amqp',
        hostname: host.hostname,
        port: host.port,
        username: host.username,
        password: host.password,
        vhost: this.url.virtualHost,
        heartbeat,
      },
      // NOTE(latency): Nagle's algorithm would hold small RPC frames back ~40 ms.
      { noDelay: true, timeout: timeoutMs, clientProperties: { connection_name: 'novats' } },
    );
    coalesceWrites(connection);
    let session: LiveSession | undefined;
    connection.on('error', () => {}); // 'close' follows and carries the reconnect
    connection.on('close', (err?: Error) => {
      if (session) this.#lost(session, err?.message ?? 'connection closed by the broker');
    });
    try {
      const publisher = await connection.createConfirmChannel();
      publisher.on('error', () => {});
      const sender = await connection.createChannel();
      sender.on('error', () => {});
      session = new LiveSession(connection, publisher, sender);
      const live = session;
      publisher.on('close', () => this.fail(live, 'publisher channel closed'));
      sender.on('close', () => this.fail(live, 'sender channel closed'));
      // NOTE(ordering): a Set visits hooks added while this loop awaits, so none is missed.
      for (const hook of this.#hooks) await hook(session);
      if (!session.isOpen) throw new Error('connection lost while declaring the topology');
    } catch (err) {
      if (session) session.isOpen = false;
      await connection.close().catch(() => {});
      throw err;
    }
    if (this.#closed) {
      session.isOpen = false;
      await connection.close().catch(() => {});
      return;
    }
    this.#session = session;
    this.#wake();
  }

  #lost(session: LiveSession, reason: string): void {
    if (!session.isOpen) return;
    session.isOpen = false;
    if (this.#closed || session !== this.#session) return;
    this.#session = undefined;
    this.log.warning('Lost the AMQP connection; reconnecting', { transport_url: this.label, reason });
    this.#scheduleReconnect(0);
  }

  #scheduleReconnect(attempt: number): void {
    if (this.#closed) return;
    const delay = reconnectDelayMs(this.settings, attempt);
    this.#reconnectTimer = setTimeout(() => void this.#reconnect(attempt), delay);
  }

  async #reconnect(attempt: number): Promise<void> {
    if (this.#closed) return;
    const host = this.url.hosts[this.#nextHost % this.url.hosts.length];
    this.#nextHost += 1;
    try {
      await this.#establish(host, this.settings.connectionTimeoutMs);
      if (this.#closed) return;
      this.log.info('Reconnected to the AMQP broker', {
        transport_url: this.label,
        host: hostLabel(host),
        attempts: attempt + 1,
      });
    } catch (err) {
      this.log.warning('AMQP reconnect attempt failed', {
        transport_url: this.label,
        host: hostLabel(host),
        attempt: attempt + 1,
        reason: (err as Error).message,
      });
      this.#scheduleReconnect(attempt + 1);
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
