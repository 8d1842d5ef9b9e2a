/**
 * The broker of the ZeroMQ transport (`novats zmq-proxy`): one ROUTER socket
 * every transport's DEALER connects to. It is the directory of direct calls
 * (callers ask it which listeners take a topic's calls on their own socket,
 * then call them without it), routes casts and fanouts, and calls for
 * topics with no direct listener yet, returns those replies, answers
 * heartbeats, and re-routes what a vanished listener held (see ZmqExchange).
 * Limits, unlike a RabbitMQ broker: everything is in memory, so what it holds
 * when it stops is lost (callers time out, casts were already confirmed); a
 * message for a topic nobody listens to waits at most `rpc_zmq_topic_backlog`
 * deep per topic (oldest dropped first), a cast 60 s and a call until its
 * caller's timeout; a fanout nobody listens to is dropped.
 */
import { type Logger, silentLogger } from '@novats/core';
import type { Router } from 'zeromq';
import { ZmqExchange } from './zmq-exchange.js';
import { argOf, Cmd, commandOf, HEADER_BYTES, header, idOf } from './zmq-frames.js';
import { RESOLVED_ZEROMQ, type ZmqSocketLibrary } from './zmq-socket-library.js';
import { DEFAULT_ZMQ_PORT } from './zmq-url.js';

export interface ZmqProxyOptions {
  /** Address to bind: an IP, an interface name or `*` (oslo's `rpc_zmq_bind_address`); 127.0.0.1 by default. */
  readonly host?: string;
  /** TCP port, 9501 by default; 0 picks a free one (see `port` after start). */
  readonly port?: number;
  /** Messages kept per topic nobody listens to (oslo's `rpc_zmq_topic_backlog`), 10000 by default. */
  readonly backlogPerTopic?: number;
  /** How long a queued cast waits for a listener, 60 s by default. */
  readonly castTtlMs?: number;
  readonly log?: Logger;
  /** The zeromq package to make the socket with; the one this module resolves by default. */
  readonly zeromq?: ZmqSocketLibrary;
}

// NOTE(limits): large watermarks so bursts queue in libzmq instead of being dropped by the ROUTER.
const HIGH_WATER_MARK = 100_000;
const SWEEP_MS = 100;

export class ZmqProxy {
  readonly #opts: ZmqProxyOptions;
  readonly #log: Logger;
  #router?: Router;
  #exchange?: ZmqExchange;
  #sweeper?: ReturnType<typeof setInterval>;
  #loop?: Promise<void>;
  #port = 0;

  constructor(opts: ZmqProxyOptions = {}) {
    this.#opts = opts;
    this.#log = opts.log ?? silentLogger;
  }

  /** The bound port (useful with port 0). */
  get port(): number {
    return this.#port;
  }

  /** Messages waiting for a listener of their topic (0 when stopped). */
  get backlogSize(): number {
    return this.#router ? (this.#exchange?.backlogSize ?? 0) : 0;
  }

  /** `zmq://host:port` for transports of this proxy. */
  get url(): string {
    const host = this.#opts.host && this.#opts.host !== '*' ? this.#opts.host : '127.0.0.1';
    return `zmq://${host.includes(':') ? `[${host}]` : host}:${this.#port}`;
  }

  /** Binds and starts routing; rejects (EADDRINUSE...) when the address cannot be bound. */
  async start(): Promise<void> {
    if (this.#router) return;
    const router = new (this.#opts.zeromq ?? RESOLVED_ZEROMQ).Router({
      linger: 0,
      sendTimeout: 0,
      sendHighWaterMark: HIGH_WATER_MARK,
      receiveHighWaterMark: HIGH_WATER_MARK,
    });
    const host = this.#opts.host ?? '127.0.0.1';
    const port = this.#opts.port ?? DEFAULT_ZMQ_PORT;
    try {
      await router.bind(`tcp://${host.includes(':') ? `[${host}]` : host}:${port === 0 ? '*' : port}`);
    } catch (err) {
      router.close();
      throw err;
    }
    this.#port = Number(/:(\d+)$/.exec(router.lastEndpoint ?? '')?.[1] ?? port);
    this.#router = router;
    const exchange = new ZmqExchange(
      (identity, frames) => this.#send(router, identity, frames),
      { backlogPerTopic: this.#opts.backlogPerTopic ?? 10_000, castTtlMs: this.#opts.castTtlMs ?? 60_000 },
      (reason, topic) => this.#log.warning(`zmq-proxy dropped a message for topic ${topic}: ${reason}`),
    );
    this.#exchange = exchange;
    this.#sweeper = setInterval(() => this.#sweep(exchange), SWEEP_MS);
    this.#loop = this.#receive(router, exchange);
    this.#log.info(`zmq-proxy listening on ${router.lastEndpoint}`);
  }

  /** Closes the socket; transports notice by their heartbeats. Idempotent. */
  async stop(): Promise<void> {
    const router = this.#router;
    if (!router) return;
    this.#router = undefined;
    clearInterval(this.#sweeper);
    router.close();
    await this.#loop;
    this.#log.info('zmq-proxy stopped');
  }

  #send(router: Router, identity: Buffer, frames: Buffer[]): void {
    if (router.closed) return;
    router.send([identity, ...frames]).catch((err: unknown) => {
      // NOTE(limits): only a full peer queue gets here (sendTimeout 0); the message is lost like a dropped packet.
      if (!router.closed) this.#log.warning(`zmq-proxy could not send to a peer: ${(err as Error).message}`);
    });
  }

  async #receive(router: Router, exchange: ZmqExchange): Promise<void> {
    while (!router.closed) {
      let frames: Buffer[];
      try {
        frames = await router.receive();
      } catch (err) {
        if (router.closed) return;
        this.#log.error(`zmq-proxy receive failed: ${(err as Error).message}`);
        continue;
      }
      try {
        this.#handle(router, exchange, frames);
      } catch (err) {
        // NOTE(robustness): a peer sending garbage costs one log line, never the proxy.
        this.#log.warning(`zmq-proxy dropped an undecodable message: ${(err as Error).message}`);
      }
    }
  }

  #handle(router: Router, exchange: ZmqExchange, frames: Buffer[]): void {
    const identity = frames[0];
    const head = frames[1];
    const cmd = commandOf(head);
    const now = Date.now();
    switch (cmd) {
      case Cmd.CALL:
        expectFrames(frames, 6);
        exchange.peer(identity, now);
        exchange.publish(
          {
            isCall: true,
            topic: frames[2].toString(),
            server: frames[3].toString(),
            method: frames[4],
            body: frames[5],
            caller: identity,
            callId: idOf(head),
            ttlMs: argOf(head),
          },
          now,
        );
        return;
      case Cmd.REPLY: {
        expectFrames(frames, 3);
        exchange.peer(identity, now);
        const delivery = exchange.settle(idOf(head));
        if (delivery?.caller)
          this.#send(router, delivery.caller, [header(Cmd.REPLY, delivery.callId, argOf(head)), frames[2]]);
        return;
      }
      case Cmd.ACK:
        exchange.peer(identity, now);
        exchange.settle(idOf(head));
        return;
      case Cmd.CAST:
      case Cmd.FANOUT: {
        expectFrames(frames, 6);
        exchange.peer(identity, now);
        const topic = frames[2].toString();
        if (cmd === Cmd.FANOUT) exchange.fanout(topic, frames[4], frames[5], now);
        else
          exchange.publish(
            { isCall: false, topic, server: frames[3].toString(), method: frames[4], body: frames[5] },
            now,
          );
        this.#send(router, identity, [header(Cmd.RECEIPT, idOf(head))]);
        return;
      }
      case Cmd.PING: {
        const peer = exchange.peer(identity, now);
        const intervalMs = argOf(head);
        if (intervalMs > 0) peer.timeoutMs = intervalMs * 3;
        this.#send(router, identity, [header(Cmd.PONG, 0, peer.greeted ? 1 : 0)]);
        peer.greeted = true;
        return;
      }
      case Cmd.LISTEN: {
        if (frames.length !== 5) expectFrames(frames, 4);
        const peer = exchange.peer(identity, now);
        exchange.addConsumer(
          peer,
          argOf(head),
          frames[2].toString(),
          frames[3].toString(),
          frames[4]?.toString(),
        );
        this.#send(router, identity, [header(Cmd.RECEIPT, idOf(head))]);
        return;
      }
      case Cmd.UNLISTEN: {
        const peer = exchange.peer(identity, now);
        exchange.removeConsumer(peer, argOf(head));
        this.#send(router, identity, [header(Cmd.RECEIPT, idOf(head))]);
        return;
      }
      case Cmd.RESOLVE:
        expectFrames(frames, 4);
        exchange.resolve(
          exchange.peer(identity, now),
          frames[2].toString(),
          frames[3].toString(),
          idOf(head),
        );
        return;
      case Cmd.REQUEUE:
        exchange.requeue(exchange.peer(identity, now), idOf(head), now);
        return;
      case Cmd.BYE: {
        const peer = exchange.peers.get(identity.toString('latin1'));
        if (peer) exchange.removePeer(peer);
        return;
      }
      default:
        throw new Error(`unknown header (${head?.length ?? 0} bytes, want ${HEADER_BYTES})`);
    }
  }

  #sweep(exchange: ZmqExchange): void {
    const now = Date.now();
    for (const peer of exchange.peers.values()) {
      if (now - peer.lastSeen <= peer.timeoutMs) continue;
      this.#log.warning(
        `zmq-proxy lost a transport (no heartbeat for ${now - peer.lastSeen} ms); re-routing ${peer.held.size} unacknowledged message(s)`,
      );
      exchange.removePeer(peer);
    }
    const expired = exchange.expireBacklog(now);
    if (expired > 0)
      this.#log.warning(`zmq-proxy dropped ${expired} queued message(s) nobody listened to in time`);
  }
}

function expectFrames(frames: Buffer[], count: number): void {
  if (frames.length !== count) throw new Error(`expected ${count - 1} frames, got ${frames.length - 1}`);
}
