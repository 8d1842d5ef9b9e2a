/**
 * The ZeroMQ transport (`transport_url = zmq://host:port`): one DEALER socket
 * to `novats zmq-proxy`, which routes between services (see zmq-frames.ts for
 * the protocol). Listeners ack after their handler settles, so the proxy can
 * hand what a dead listener held to another one (at-least-once); heartbeats
 * tell the transport that the proxy restarted, and it then registers its
 * listeners again. libzmq reconnects the socket by itself.
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
import { Dealer } from 'zeromq';
import type { TransportOptions } from '../create-transport.js';
import { deserializeRemoteError, serializeRemoteError } from '../remote-error.js';
import {
  MessageDeliveryFailure,
  NoSuchMethod,
  TransportClosed,
  TransportUnreachable,
} from '../transport-errors.js';
import { argOf, Cmd, type CmdCode, commandOf, header, idOf, nextId, REDELIVERED_BIT } from './zmq-frames.js';
import { readZmqSettings } from './zmq-options.js';
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
}

interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Listener {
  readonly topic: string;
  readonly server: string;
  readonly endpoint: RpcEndpoint;
  /** Handlers still running (stop waits for them). */
  readonly inFlight: Set<Promise<void>>;
  isStopped: boolean;
}

const HIGH_WATER_MARK = 100_000;

export class ZmqTransport implements Transport {
  readonly #url: string;
  readonly #address: ZmqAddress;
  readonly #dealer: Dealer;
  readonly #log: Logger;
  readonly #opts: ZmqTransportOptions;
  readonly #heartbeatMs: number;
  readonly #calls = new Map<number, Waiter>();
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
    this.#dealer = new Dealer({
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
    this.#loop = this.#receive();
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
      this.#calls.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.#send([header(Cmd.CALL, id, timeoutMs), target.topic, target.server ?? '', method, body]);
    });
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
      await this.#request(Cmd.LISTEN, id, [target.topic, target.server], this.#defaultTimeoutMs);
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
    await this.#loop;
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

  async #receive(): Promise<void> {
    const dealer = this.#dealer;
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
      case Cmd.DELIVER_CAST:
        this.#onDeliver(head, frames[1], frames[2]);
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
      for (const [id, listener] of this.#listeners) {
        if (!listener.isStopped) this.#send([header(Cmd.LISTEN, 0, id), listener.topic, listener.server]);
      }
    }
    if (!this.#isProxyAlive) {
      if (this.#settleConnected) this.#settleConnected();
      else this.#log.info(`Reconnected to the zmq-proxy at ${this.#address.endpoint}`);
      this.#isProxyAlive = true;
    }
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

  #onDeliver(head: Buffer, method: Buffer | undefined, body: Buffer | undefined): void {
    const deliveryId = idOf(head);
    const listener = this.#listeners.get(argOf(head) & ~REDELIVERED_BIT);
    if (!listener || listener.isStopped) {
      this.#send([header(Cmd.REQUEUE, deliveryId)]);
      return;
    }
    const isCall = commandOf(head) === Cmd.DELIVER_CALL;
    let message: unknown;
    try {
      message = JSON.parse(body?.toString() ?? '');
      if (!Array.isArray(message) || message.length !== 2 || method === undefined)
        throw new Error('not [ctx, args]');
    } catch (err) {
      // NOTE(poison): acked so that it is not redelivered forever; a caller then times out.
      this.#log.warning(`zmq transport dropped an undecodable message: ${(err as Error).message}`);
      this.#send([header(Cmd.ACK, deliveryId)]);
      return;
    }
    const delivery = (argOf(head) & REDELIVERED_BIT) !== 0 ? { redelivered: true } : FIRST_DELIVERY;
    const handling = this.#dispatch(
      listener.endpoint,
      deliveryId,
      isCall,
      method.toString(),
      message,
      delivery,
    );
    listener.inFlight.add(handling);
    const settled = () => void listener.inFlight.delete(handling);
    handling.then(settled, settled);
  }

  async #dispatch(
    endpoint: RpcEndpoint,
    deliveryId: number,
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
    if (!isCall) return this.#send([header(Cmd.ACK, deliveryId)]);
    if (reply === undefined) {
      reply = JSON.stringify(
        serializeRemoteError(new Error(`The reply to ${method} is not JSON-serialisable.`)),
      );
      isOk = false;
    }
    this.#send([header(Cmd.REPLY, deliveryId, isOk ? 1 : 0), reply]);
  }
}

function jsonOrUndefined(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** The `zmq` driver of openTransport: connects, or fails with TransportUnreachable within ~3 s. */
export async function openZmqTransport(url: string, opts: TransportOptions = {}): Promise<Transport> {
  const settings = readZmqSettings(opts.zmq);
  const transport = new ZmqTransport(url, {
    defaultTimeoutMs: opts.defaultTimeoutMs,
    onCastError: opts.onCastError,
    log: opts.log,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
  });
  try {
    await transport.connected();
  } catch (err) {
    await transport.close();
    throw err;
  }
  return transport;
}
