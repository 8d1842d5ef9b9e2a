/**
 * The ZeroMQ transport (`transport_url = zmq://host:port`): one DEALER socket
 * to `novats zmq-proxy`, which routes between services (see zmq-frames.ts for
 * the protocol). Listeners ack after their handler settles, so the proxy can
 * hand what a dead listener held to another one (at-least-once); heartbeats
 * tell the transport that the proxy restarted, and it then registers its
 * listeners again. libzmq reconnects the socket by itself.
 * Calls go direct (2 hops, no proxy): a transport with listeners binds a
 * ROUTER of its own on an ephemeral port and names it in LISTEN; callers
 * learn the consumers of a route from the proxy (RESOLVE, then pushed
 * updates), pick one round-robin and send it the call on a DEALER of theirs,
 * and the reply comes back on that connection. A route with no direct
 * consumer (or not resolved yet: the first call of a route) goes through the
 * proxy as before. When the proxy reports a consumer's transport gone (no
 * heartbeat, or BYE), its callers send what it held again, marked
 * redelivered, as the proxy does with what it routed itself.
 * NOTE(wire): bodies are JSON, as oslo.messaging's; values JSON cannot carry
 * (functions, undefined fields) are dropped from args, a BigInt fails the send.
 */
import { randomUUID } from 'node:crypto';
import type {
  CallOptions,
  Delivery,
  Logger,
  RequestContext,
  RpcEndpoint,
  RpcListener,
  Target,
  Transport,
} from '@novats/core';
import { FIRST_DELIVERY, InvalidInput, MessagingTimeout, silentLogger } from '@novats/core';
import type { Dealer, Router } from 'zeromq';
import type { TransportOptions } from '../create-transport.js';
import { deserializeRemoteError, serializeRemoteError } from '../remote-error.js';
import {
  MessageDeliveryFailure,
  NoSuchMethod,
  TransportClosed,
  TransportUnreachable,
} from '../transport-errors.js';
import { CallDirectory, type DirectConsumer, parseDirectory } from './zmq-call-directory.js';
import { bindDirectRouter, connectPeerDealer, HIGH_WATER_MARK } from './zmq-direct-sockets.js';
import { argOf, Cmd, type CmdCode, commandOf, header, idOf, nextId, REDELIVERED_BIT } from './zmq-frames.js';
import { readZmqSettings } from './zmq-options.js';
import { RESOLVED_ZEROMQ, type ZmqSocketLibrary } from './zmq-socket-library.js';
import { parseZmqUrl, type ZmqAddress } from './zmq-url.js';

export interface ZmqTransportOptions {
  /** Reply timeout when a call gives none (`rpc_response_timeout`, 60 s); also bounds a cast's receipt. */
  readonly defaultTimeoutMs?: number;
  /** How often to ping the proxy (`[oslo_messaging_zmq] heartbeat_interval`, 1 s); 3 missed = gone. */
  readonly heartbeatIntervalMs?: number;
  /** How long `connected()` waits for the proxy's first answer, 3 s by default. */
  readonly connectTimeoutMs?: number;
  readonly onCastError?: (method: string, error: unknown) => void;
  readonly log?: Logger;
  /**
   * The host callers reach this transport's listeners at (`[oslo_messaging_zmq] rpc_zmq_host`).
   * By default the proxy's own host when that is a loopback address (and only it is bound),
   * otherwise this machine's hostname (and every interface is bound).
   */
  readonly directHost?: string;
  /** The zeromq package to make sockets with; the one this module resolves by default. */
  readonly zeromq?: ZmqSocketLibrary;
}

interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface PendingCall extends Waiter {
  readonly topic: string;
  readonly server: string;
  readonly method: string;
  readonly body: string;
  readonly timeoutMs: number;
  /** The listener it was sent to directly; undefined when it went through the proxy. */
  via?: DirectConsumer;
  /** Held until the proxy answers the route's RESOLVE. */
  isWaitingForRoute?: boolean;
  isRedelivered?: boolean;
}

/** How a listener answers a delivery: through the proxy, or on its own ROUTER for direct calls. */
interface Answer {
  reply(isOk: boolean, body: string): void;
  /** The end of a cast (or of an undecodable message). */
  ack(): void;
  /** It reached a listener that is stopping: route it elsewhere. */
  giveBack(): void;
}

interface Listener {
  readonly topic: string;
  readonly server: string;
  readonly endpoint: RpcEndpoint;
  /** Handlers still running (stop waits for them). */
  readonly inFlight: Set<Promise<void>>;
  isStopped: boolean;
}

export class ZmqTransport implements Transport {
  readonly #url: string;
  readonly #address: ZmqAddress;
  readonly #dealer: Dealer;
  readonly #zeromq: ZmqSocketLibrary;
  readonly #log: Logger;
  readonly #opts: ZmqTransportOptions;
  readonly #heartbeatMs: number;
  readonly #calls = new Map<number, PendingCall>();
  readonly #directory = new CallDirectory();
  /** The DEALER of each listener endpoint this transport calls directly. */
  readonly #peers = new Map<string, { dealer: Dealer; loop: Promise<void> }>();
  /** Our ROUTER for direct calls, bound at the first listen; undefined when binding failed. */
  #direct?: Promise<{ router: Router; endpoint: string; loop: Promise<void> } | undefined>;
  readonly #receipts = new Map<number, Waiter>();
  readonly #listeners = new Map<number, Listener>();
  readonly #connected: Promise<void>;
  readonly #loop: Promise<void>;
  #heartbeat: ReturnType<typeof setInterval>;
  #lastCallId = 0;
  #lastSeq = 0;
  #lastListenerId = 0;
  #lastPong = 0;
  #isProxyAlive = false;
  #isClosed = false;
  #settleConnected?: (err?: unknown) => void;

  /** Starts connecting at once (messages queue meanwhile); `connected()` tells when the proxy answered. */
  constructor(url: string, opts: ZmqTransportOptions = {}) {
    this.#address = parseZmqUrl(url);
    this.#url = url;
    this.#opts = opts;
    this.#log = opts.log ?? silentLogger;
    this.#heartbeatMs = Math.max(10, Math.round(opts.heartbeatIntervalMs ?? 1_000));
    this.#zeromq = opts.zeromq ?? RESOLVED_ZEROMQ;
    this.#dealer = new this.#zeromq.Dealer({
      routingId: `novats-${randomUUID()}`,
      linger: 100,
      sendTimeout: 0,
      sendHighWaterMark: HIGH_WATER_MARK,
      receiveHighWaterMark: HIGH_WATER_MARK,
      reconnectInterval: 100,
      reconnectMaxInterval: 1_000,
    });
    this.#dealer.connect(this.#address.endpoint);
    const connectTimeoutMs = opts.connectTimeoutMs ?? 3_000;
    this.#connected = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settleConnected?.(
          new TransportUnreachable(
            url,
            [this.#address.endpoint],
            `no novats zmq-proxy answered within ${connectTimeoutMs / 1000} s`,
          ),
        );
      }, connectTimeoutMs);
      this.#settleConnected = (err) => {
        this.#settleConnected = undefined;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
    });
    this.#connected.catch(() => {});
    this.#loop = this.#receive(this.#dealer);
    this.#heartbeat = setInterval(() => this.#beat(), this.#heartbeatMs);
    this.#heartbeat.unref();
    this.#send([header(Cmd.PING, 0, this.#heartbeatMs)]);
  }

  /** Resolves once the proxy answered; rejects with TransportUnreachable (naming transport_url) otherwise. */
  connected(): Promise<void> {
    return this.#connected;
  }

  call<T = unknown>(
    ctx: RequestContext,
    target: Target,
    method: string,
    args: unknown,
    opts?: CallOptions,
  ): Promise<T> {
    if (this.#isClosed) return Promise.reject(new TransportClosed());
    if (target.fanout) return Promise.reject(new InvalidInput('A call cannot be a fanout; use cast.'));
    const timeoutMs = opts?.timeoutMs ?? this.#opts.defaultTimeoutMs ?? 60_000;
    let body: string;
    try {
      body = JSON.stringify([ctx, args]);
    } catch (err) {
      return Promise.reject(err);
    }
    this.#lastCallId = nextId(this.#lastCallId);
    const id = this.#lastCallId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#calls.delete(id);
        reject(new MessagingTimeout(`Timed out waiting for a reply to message ID ${id}`));
      }, timeoutMs);
      const call: PendingCall = {
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
        topic: target.topic,
        server: target.server ?? '',
        method,
        body,
        timeoutMs,
      };
      this.#calls.set(id, call);
      this.#sendCall(id, call, false);
    });
  }

  /** Sends a call to a direct consumer of its route, or through the proxy when there is none. */
  #sendCall(id: number, call: PendingCall, isRedelivered: boolean): void {
    const consumer = this.#directory.pick(call.topic, call.server);
    call.via = undefined;
    call.isWaitingForRoute = consumer === 'resolve' || consumer === 'wait';
    call.isRedelivered = isRedelivered;
    // NOTE(first call): held for one proxy round trip, the directory's answer, so that
    // round-robin among a route's consumers starts with the first call.
    if (consumer === 'resolve') this.#send([header(Cmd.RESOLVE, 0), call.topic, call.server]);
    if (consumer === 'resolve' || consumer === 'wait') return;
    if (consumer === undefined) {
      this.#send([header(Cmd.CALL, id, call.timeoutMs), call.topic, call.server, call.method, call.body]);
      return;
    }
    call.via = consumer;
    const dealer = this.#peer(consumer.endpoint);
    const listener = consumer.listenerId | (isRedelivered ? REDELIVERED_BIT : 0);
    dealer.send([header(Cmd.CALL, id, listener), call.method, call.body]).catch((err: unknown) => {
      if (!dealer.closed) this.#log.warning(`zmq transport could not send a call: ${(err as Error).message}`);
    });
  }

  /** The DEALER to a listener endpoint, connected on first use. */
  #peer(endpoint: string): Dealer {
    const known = this.#peers.get(endpoint);
    if (known) return known.dealer;
    const dealer = connectPeerDealer(this.#zeromq, endpoint);
    this.#peers.set(endpoint, { dealer, loop: this.#receive(dealer) });
    return dealer;
  }

  /** Calls sent directly to a transport the proxy says is gone go to another listener (or the proxy). */
  #onGone(endpoint: string): void {
    this.#directory.drop(endpoint);
    const peer = this.#peers.get(endpoint);
    if (peer) {
      this.#peers.delete(endpoint);
      peer.dealer.close();
    }
    for (const [id, call] of this.#calls) if (call.via?.endpoint === endpoint) this.#sendCall(id, call, true);
  }

  #onDirectory(topic: string, server: string, consumers: DirectConsumer[]): void {
    this.#directory.update(topic, server, consumers);
    for (const [id, call] of this.#calls)
      if (call.isWaitingForRoute && call.topic === topic && call.server === server)
        this.#sendCall(id, call, call.isRedelivered === true);
  }

  /** A listener that was stopping gave a direct call back: it is not picked again until the next directory. */
  #onBounce(callId: number): void {
    const call = this.#calls.get(callId);
    if (!call?.via) return;
    this.#directory.exclude(call.topic, call.server, call.via);
    this.#sendCall(callId, call, false);
  }

  async cast(ctx: RequestContext, target: Target, method: string, args: unknown): Promise<void> {
    if (this.#isClosed) throw new TransportClosed();
    const body = JSON.stringify([ctx, args]);
    const cmd = target.fanout ? Cmd.FANOUT : Cmd.CAST;
    await this.#request(cmd, 0, [target.topic, target.server ?? '', method, body], this.#defaultTimeoutMs);
  }

  async listen(
    target: Required<Pick<Target, 'topic' | 'server'>>,
    endpoint: RpcEndpoint,
  ): Promise<RpcListener> {
    if (this.#isClosed) throw new TransportClosed();
    this.#lastListenerId = nextId(this.#lastListenerId, REDELIVERED_BIT - 1);
    const id = this.#lastListenerId;
    const listener: Listener = { ...target, endpoint, inFlight: new Set(), isStopped: false };
    this.#listeners.set(id, listener);
    try {
      const direct = await this.#bindDirect();
      await this.#request(
        Cmd.LISTEN,
        id,
        direct ? [target.topic, target.server, direct.endpoint] : [target.topic, target.server],
        this.#defaultTimeoutMs,
      );
    } catch (err) {
      listener.isStopped = true;
      this.#listeners.delete(id);
      throw err;
    }
    return {
      // NOTE(drain): as oslo's graceful stop, a stopping service finishes what it already took:
      // once the proxy confirmed, nothing new comes (late arrivals are handed back with REQUEUE),
      // and stop resolves when the running handlers settled and their replies or acks went out.
      stop: async () => {
        if (!listener.isStopped) {
          listener.isStopped = true;
          if (!this.#isClosed)
            await this.#request(
              Cmd.UNLISTEN,
              id,
              [],
              Math.min(this.#defaultTimeoutMs, 5 * this.#heartbeatMs),
            ).catch(() => {});
        }
        await Promise.allSettled([...listener.inFlight]);
        this.#listeners.delete(id);
      },
    };
  }

  async close(): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    clearInterval(this.#heartbeat);
    this.#settleConnected?.(new TransportClosed());
    for (const listener of this.#listeners.values()) listener.isStopped = true;
    this.#listeners.clear();
    for (const waiters of [this.#calls, this.#receipts]) {
      for (const waiter of waiters.values()) {
        clearTimeout(waiter.timer);
        waiter.reject(new TransportClosed());
      }
      waiters.clear();
    }
    // NOTE(handover): BYE lets the proxy re-route at once what our listeners held.
    this.#send([header(Cmd.BYE, 0)]);
    this.#dealer.close();
    const direct = await this.#direct;
    direct?.router.close();
    for (const peer of this.#peers.values()) peer.dealer.close();
    await Promise.all([this.#loop, direct?.loop, ...[...this.#peers.values()].map((p) => p.loop)]);
    this.#peers.clear();
  }

  /** Binds our ROUTER for direct calls once; a failure only costs directness (calls come through the proxy). */
  #bindDirect(): Promise<{ router: Router; endpoint: string; loop: Promise<void> } | undefined> {
    this.#direct ??= bindDirectRouter(this.#zeromq, this.#address.host, this.#opts.directHost).then(
      ({ router, endpoint }) => ({ router, endpoint, loop: this.#receiveDirect(router) }),
      (err: unknown) => {
        this.#log.warning(`zmq transport takes calls through the proxy only: ${(err as Error).message}`);
        return undefined;
      },
    );
    return this.#direct;
  }

  get #defaultTimeoutMs(): number {
    return this.#opts.defaultTimeoutMs ?? 60_000;
  }

  #send(frames: (Buffer | string)[]): void {
    if (this.#dealer.closed) return;
    this.#dealer.send(frames).catch((err: unknown) => {
      if (!this.#dealer.closed) this.#log.warning(`zmq transport could not send: ${(err as Error).message}`);
    });
  }

  /** Sends a message the proxy answers with a RECEIPT of the same sequence number. */
  #request(cmd: CmdCode, arg: number, frames: string[], timeoutMs: number): Promise<unknown> {
    this.#lastSeq = nextId(this.#lastSeq);
    const seq = this.#lastSeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#receipts.delete(seq);
        reject(
          new MessageDeliveryFailure(`The zmq-proxy of ${this.#url} did not acknowledge a message in time.`),
        );
      }, timeoutMs);
      this.#receipts.set(seq, { resolve, reject, timer });
      this.#send([header(cmd, seq, arg), ...frames]);
    });
  }

  #beat(): void {
    this.#send([header(Cmd.PING, 0, this.#heartbeatMs)]);
    if (this.#isProxyAlive && Date.now() - this.#lastPong > 3 * this.#heartbeatMs) {
      this.#isProxyAlive = false;
      this.#log.warning(`Lost the zmq-proxy at ${this.#address.endpoint}; reconnecting`);
    }
  }

  async #receive(dealer: Dealer = this.#dealer): Promise<void> {
    while (!dealer.closed) {
      let frames: Buffer[];
      try {
        frames = await dealer.receive();
      } catch (err) {
        if (dealer.closed) return;
        this.#log.error(`zmq transport receive failed: ${(err as Error).message}`);
        continue;
      }
      try {
        this.#handle(frames);
      } catch (err) {
        this.#log.warning(`zmq transport dropped an undecodable message: ${(err as Error).message}`);
      }
    }
  }

  #handle(frames: Buffer[]): void {
    const head = frames[0];
    switch (commandOf(head)) {
      case Cmd.REPLY:
        this.#onReply(idOf(head), argOf(head) === 1, frames[1]);
        return;
      case Cmd.DELIVER_CALL:
      case Cmd.DELIVER_CAST: {
        const deliveryId = idOf(head);
        this.#onDeliver(argOf(head), commandOf(head) === Cmd.DELIVER_CALL, frames[1], frames[2], {
          reply: (isOk, body) => this.#send([header(Cmd.REPLY, deliveryId, isOk ? 1 : 0), body]),
          ack: () => this.#send([header(Cmd.ACK, deliveryId)]),
          giveBack: () => this.#send([header(Cmd.REQUEUE, deliveryId)]),
        });
        return;
      }
      case Cmd.DIRECTORY:
        this.#onDirectory(frames[1].toString(), frames[2].toString(), parseDirectory(frames[3]));
        return;
      case Cmd.GONE:
        this.#onGone(frames[1].toString());
        return;
      case Cmd.BOUNCE:
        this.#onBounce(idOf(head));
        return;
      case Cmd.RECEIPT: {
        const waiter = this.#receipts.get(idOf(head));
        if (!waiter) return;
        this.#receipts.delete(idOf(head));
        clearTimeout(waiter.timer);
        waiter.resolve(undefined);
        return;
      }
      case Cmd.PONG:
        this.#onPong(argOf(head) === 1);
        return;
      default:
        throw new Error(`unknown header of ${head?.length ?? 0} bytes`);
    }
  }

  #onPong(isKnown: boolean): void {
    this.#lastPong = Date.now();
    if (!isKnown) {
      // NOTE(restart): a proxy that does not know us (restarted, or gave us up) learns our listeners again.
      void this.#registerAgain();
    }
    if (!this.#isProxyAlive) {
      if (this.#settleConnected) this.#settleConnected();
      else this.#log.info(`Reconnected to the zmq-proxy at ${this.#address.endpoint}`);
      this.#isProxyAlive = true;
    }
  }

  /** What a proxy that does not know us must learn again: our listeners and the routes we call. */
  async #registerAgain(): Promise<void> {
    const direct = await this.#direct;
    for (const [id, listener] of this.#listeners) {
      if (listener.isStopped) continue;
      const frames = [listener.topic, listener.server];
      if (direct) frames.push(direct.endpoint);
      this.#send([header(Cmd.LISTEN, 0, id), ...frames]);
    }
    for (const { topic, server } of this.#directory.routes())
      this.#send([header(Cmd.RESOLVE, 0), topic, server]);
  }

  #onReply(callId: number, isOk: boolean, body: Buffer | undefined): void {
    const waiter = this.#calls.get(callId);
    if (!waiter || body === undefined) return;
    const value = JSON.parse(body.toString());
    this.#calls.delete(callId);
    clearTimeout(waiter.timer);
    if (isOk) waiter.resolve(value);
    else waiter.reject(deserializeRemoteError(value));
  }

  /** Direct calls on our ROUTER: `[caller, CALL, method, body]`. */
  async #receiveDirect(router: Router): Promise<void> {
    while (!router.closed) {
      let frames: Buffer[];
      try {
        frames = await router.receive();
      } catch (err) {
        if (router.closed) return;
        this.#log.error(`zmq transport receive failed: ${(err as Error).message}`);
        continue;
      }
      const [caller, head, method, body] = frames;
      if (commandOf(head) !== Cmd.CALL || frames.length !== 4) {
        this.#log.warning('zmq transport dropped an undecodable message: not a direct call');
        continue;
      }
      const callId = idOf(head);
      const send = (frames: (Buffer | string)[]) => {
        if (router.closed) return;
        router.send([caller, ...frames]).catch((err: unknown) => {
          if (!router.closed) this.#log.warning(`zmq transport could not reply: ${(err as Error).message}`);
        });
      };
      this.#onDeliver(argOf(head), true, method, body, {
        reply: (isOk, reply) => send([header(Cmd.REPLY, callId, isOk ? 1 : 0), reply]),
        // NOTE(poison): an undecodable direct call gets no answer; its caller times out, as through the proxy.
        ack: () => {},
        giveBack: () => send([header(Cmd.BOUNCE, callId)]),
      });
    }
  }

  #onDeliver(
    listenerArg: number,
    isCall: boolean,
    method: Buffer | undefined,
    body: Buffer | undefined,
    answer: Answer,
  ): void {
    const listener = this.#listeners.get(listenerArg & ~REDELIVERED_BIT);
    if (!listener || listener.isStopped) {
      answer.giveBack();
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(body?.toString() ?? '');
      if (!Array.isArray(message) || message.length !== 2 || method === undefined)
        throw new Error('not [ctx, args]');
    } catch (err) {
      // NOTE(poison): acked so that it is not redelivered forever; a caller then times out.
      this.#log.warning(`zmq transport dropped an undecodable message: ${(err as Error).message}`);
      answer.ack();
      return;
    }
    const delivery = (listenerArg & REDELIVERED_BIT) !== 0 ? { redelivered: true } : FIRST_DELIVERY;
    const handling = this.#dispatch(listener.endpoint, answer, isCall, method.toString(), message, delivery);
    listener.inFlight.add(handling);
    const settled = () => void listener.inFlight.delete(handling);
    handling.then(settled, settled);
  }

  async #dispatch(
    endpoint: RpcEndpoint,
    answer: Answer,
    isCall: boolean,
    method: string,
    [ctx, args]: unknown[],
    delivery: Delivery,
  ): Promise<void> {
    let reply: string | undefined;
    let isOk = true;
    try {
      // NOTE(safety): prototype methods of Object (toString, constructor...) are not RPC methods.
      const handler = Object.hasOwn(Object.prototype, method) ? undefined : endpoint[method];
      if (typeof handler !== 'function') throw new NoSuchMethod(method);
      const result = await handler.call(endpoint, ctx as RequestContext, args, delivery);
      reply = isCall ? jsonOrUndefined(result === undefined ? null : result) : '';
    } catch (err) {
      isOk = false;
      reply = isCall ? jsonOrUndefined(serializeRemoteError(err)) : '';
      if (!isCall) this.#opts.onCastError?.(method, err);
    }
    if (this.#isClosed) return;
    if (!isCall) return answer.ack();
    if (reply === undefined) {
      reply = JSON.stringify(
        serializeRemoteError(new Error(`The reply to ${method} is not JSON-serialisable.`)),
      );
      isOk = false;
    }
    answer.reply(isOk, reply);
  }
}

function jsonOrUndefined(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/**
 * The `zmq` driver of openTransport: connects, or fails with
 * TransportUnreachable within ~3 s. `zeromq` is the package to make sockets
 * with (the CLI passes its own).
 */
export async function openZmqTransport(
  url: string,
  opts: TransportOptions = {},
  zeromq: ZmqSocketLibrary = RESOLVED_ZEROMQ,
): Promise<Transport> {
  const settings = readZmqSettings(opts.zmq);
  const transport = new ZmqTransport(url, {
    defaultTimeoutMs: opts.defaultTimeoutMs,
    onCastError: opts.onCastError,
    log: opts.log,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    directHost: settings.directHost,
    zeromq,
  });
  try {
    await transport.connected();
  } catch (err) {
    await transport.close();
    throw err;
  }
  return transport;
}
