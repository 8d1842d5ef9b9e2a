/**
 * The default transport (`transport_url = inproc://`): services of one
 * process meet on a shared InProcessBus with oslo.messaging's semantics.
 * NOTE(isolation): every message is deep-copied and delivered on a later
 * turn of the event loop, never inside the caller, so services behave as if
 * they lived in different processes and cannot share mutable objects.
 */
import type { CallOptions, RequestContext, RpcEndpoint, RpcListener, Target, Transport } from '@novats/core';
import { FIRST_DELIVERY, InvalidInput, MessagingTimeout } from '@novats/core';
import { deserializeRemoteError, type SerializedRemoteError, serializeRemoteError } from '../remote-error.js';
import { NoSuchMethod, TransportClosed } from '../transport-errors.js';
import { type Envelope, InProcessBus, type ReplyOutcome } from './in-process-bus.js';

export interface InProcessTransportOptions {
  /** Reply timeout when a call gives none (oslo's `rpc_response_timeout`, 60 s). */
  readonly defaultTimeoutMs?: number;
  /** Failures of cast handlers have no caller to go to; they are reported here. */
  readonly onCastError?: (method: string, error: unknown) => void;
  /** Called once by `close` after this transport let go of the bus. */
  readonly onClose?: () => void;
}

interface PendingCall {
  readonly reject: (err: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

let messageCounter = 0;

export class InProcessTransport implements Transport {
  readonly #bus: InProcessBus;
  readonly #opts: InProcessTransportOptions;
  readonly #pending = new Set<PendingCall>();
  readonly #listeners = new Set<() => void>();
  #closed = false;

  /** Transports given the same bus reach each other's listeners. */
  constructor(bus: InProcessBus = new InProcessBus(), opts: InProcessTransportOptions = {}) {
    this.#bus = bus;
    this.#opts = opts;
    bus.attach();
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
    const timeoutMs = opts?.timeoutMs ?? this.#opts.defaultTimeoutMs ?? 60_000;
    const messageId = `msg-${++messageCounter}`;
    let copy: { ctx: unknown; args: unknown };
    try {
      copy = structuredClone({ ctx, args });
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<T>((resolve, reject) => {
      const pending: PendingCall = {
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(pending);
          reject(new MessagingTimeout(`Timed out waiting for a reply to message ID ${messageId}`));
        }, timeoutMs),
      };
      this.#pending.add(pending);
      const reply = (outcome: ReplyOutcome) => {
        if (!this.#pending.delete(pending)) return; // timed out or closed meanwhile
        clearTimeout(pending.timer);
        if (outcome.ok) resolve(outcome.result as T);
        else reject(deserializeRemoteError(outcome.error as SerializedRemoteError));
      };
      setImmediate(() => {
        if (!this.#pending.has(pending)) return;
        // NOTE(rabbit): nobody on the topic means nobody replies; the caller times out.
        this.#bus.pickOne(target.topic, target.server)?.deliver({ ...copy, method, reply });
      });
    });
  }

  cast(ctx: RequestContext, target: Target, method: string, args: unknown): Promise<void> {
    if (this.#closed) return Promise.reject(new TransportClosed());
    let copy: { ctx: unknown; args: unknown };
    try {
      copy = structuredClone({ ctx, args });
    } catch (err) {
      return Promise.reject(err);
    }
    setImmediate(() => {
      if (target.fanout) {
        for (const subscriber of this.#bus.all(target.topic)) {
          subscriber.deliver({ ...structuredClone(copy), method });
        }
        return;
      }
      // NOTE(rabbit): a cast nobody listens to is dropped.
      this.#bus.pickOne(target.topic, target.server)?.deliver({ ...copy, method });
    });
    return Promise.resolve();
  }

  async listen(
    target: Required<Pick<Target, 'topic' | 'server'>>,
    endpoint: RpcEndpoint,
  ): Promise<RpcListener> {
    if (this.#closed) throw new TransportClosed();
    let stopped = false;
    const inFlight = new Set<Promise<void>>();
    const unsubscribe = this.#bus.subscribe({
      topic: target.topic,
      server: target.server,
      deliver: (envelope) => {
        if (stopped) return;
        const handling = this.#dispatch(endpoint, envelope);
        inFlight.add(handling);
        void handling.finally(() => inFlight.delete(handling));
      },
    });
    const stop = () => {
      stopped = true;
      unsubscribe();
      this.#listeners.delete(stop);
    };
    this.#listeners.add(stop);
    return {
      // NOTE(drain): a stopping service finishes what it already took, as oslo's graceful stop does.
      stop: async () => {
        stop();
        await Promise.allSettled([...inFlight]);
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of [...this.#listeners]) stop();
    for (const pending of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new TransportClosed());
    }
    this.#pending.clear();
    this.#bus.detach();
    this.#opts.onClose?.();
  }

  async #dispatch(endpoint: RpcEndpoint, envelope: Envelope): Promise<void> {
    let outcome: ReplyOutcome;
    try {
      // NOTE(safety): prototype methods of Object (toString, constructor...) are not RPC methods.
      const handler = Object.hasOwn(Object.prototype, envelope.method)
        ? undefined
        : endpoint[envelope.method];
      if (typeof handler !== 'function') throw new NoSuchMethod(envelope.method);
      // NOTE(in-process): nothing survives its process, so nothing is ever redelivered.
      const result = await handler.call(
        endpoint,
        envelope.ctx as RequestContext,
        envelope.args,
        FIRST_DELIVERY,
      );
      outcome = { ok: true, result: result === undefined ? null : structuredClone(result) };
    } catch (err) {
      outcome = { ok: false, error: serializeRemoteError(err) };
      if (!envelope.reply) this.#opts.onCastError?.(envelope.method, err);
    }
    envelope.reply?.(outcome);
  }
}
