/**
 * A Transport that knows when none of its listeners' handlers is running
 * (`idle()`), whatever the bus underneath (in-process, AMQP, ZeroMQ).
 * The all-in-one runs all its services on one transport and waits for idle
 * before stopping any of them (see all-in-one.ts); this decorator counts the
 * handlers it hands to the inner transport, so no transport needs to.
 * It sees handlers, not messages: a cast that no listener has taken yet is not
 * waited for; on a broker it stays queued for the service's next start.
 */
import type { RpcEndpoint, RpcListener, Target, Transport } from '@novats/core';

type Handler = RpcEndpoint[string];

export class IdleTrackingTransport implements Transport {
  readonly #running = new Set<Promise<unknown>>();

  constructor(private readonly inner: Transport) {}

  call: Transport['call'] = (ctx, target, method, args, opts) =>
    this.inner.call(ctx, target, method, args, opts);

  cast: Transport['cast'] = (ctx, target, method, args) => this.inner.cast(ctx, target, method, args);

  listen(target: Required<Pick<Target, 'topic' | 'server'>>, endpoint: RpcEndpoint): Promise<RpcListener> {
    return this.inner.listen(target, this.#tracked(endpoint));
  }

  /** Waits until no handler runs anywhere at once: one that settles may have started another. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /**
   * The endpoint seen through a proxy whose methods register each run. A proxy,
   * not a copy: the transport looks methods up by name at delivery (and refuses
   * Object.prototype's), so what it finds must stay the endpoint's own. Each
   * method's wrapper is made once, not at every delivery.
   */
  #tracked(endpoint: RpcEndpoint): RpcEndpoint {
    const running = this.#running;
    const wrappers = new Map<string | symbol, Handler>();
    const wrap = (name: string | symbol): Handler =>
      function (this: unknown, ...args: Parameters<Handler>) {
        const handler = Reflect.get(endpoint, name) as Handler;
        const run = Promise.resolve().then(() => handler.apply(endpoint, args));
        const settled = run.then(
          () => undefined,
          () => undefined,
        );
        running.add(settled);
        void settled.then(() => running.delete(settled));
        return run;
      };
    return new Proxy(endpoint, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        let wrapper = wrappers.get(name);
        if (!wrapper) {
          wrapper = wrap(name);
          wrappers.set(name, wrapper);
        }
        return wrapper;
      },
    });
  }
}
