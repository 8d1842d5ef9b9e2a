/**
 * A caller's copy of the proxy's directory: for each `topic` or
 * `topic.server` it called, the listeners that take calls on a socket of
 * their own. The proxy pushes a new list whenever one changes, so the copy
 * is only ever stale for the time a push takes; a listener that stopped in
 * that window bounces the call and is left out until the next push.
 * Free of sockets, like ZmqExchange.
 */

/** A listener that takes direct calls: its transport's ROUTER and its listener id there. */
export interface DirectConsumer {
  readonly endpoint: string;
  readonly listenerId: number;
}

interface Route {
  consumers: DirectConsumer[];
  turn: number;
}

const keyOf = (topic: string, server: string) => `${topic}\u0000${server}`;

export class CallDirectory {
  readonly #routes = new Map<string, Route>();
  /** Routes asked for and not answered yet. */
  readonly #asked = new Map<string, { topic: string; server: string }>();

  /**
   * The next consumer of a route, round-robin; `undefined` when it has none
   * (the call goes through the proxy), `'resolve'` when the route was never
   * asked for (the caller should RESOLVE it and hold the call until the
   * answer) and `'wait'` while that answer is on its way.
   */
  pick(topic: string, server: string): DirectConsumer | undefined | 'resolve' | 'wait' {
    const key = keyOf(topic, server);
    const route = this.#routes.get(key);
    if (!route) {
      if (this.#asked.has(key)) return 'wait';
      this.#asked.set(key, { topic, server });
      return 'resolve';
    }
    if (route.consumers.length === 0) return undefined;
    const consumer = route.consumers[route.turn % route.consumers.length];
    route.turn = (route.turn + 1) % 0x4000_0000;
    return consumer;
  }

  /** A DIRECTORY from the proxy (an answer to RESOLVE or a push). */
  update(topic: string, server: string, consumers: DirectConsumer[]): void {
    const key = keyOf(topic, server);
    this.#asked.delete(key);
    const route = this.#routes.get(key);
    if (route) route.consumers = consumers;
    else this.#routes.set(key, { consumers, turn: 0 });
  }

  /** A listener that bounced a call: left out of this route until the proxy says otherwise. */
  exclude(topic: string, server: string, consumer: DirectConsumer): void {
    const route = this.#routes.get(keyOf(topic, server));
    if (route) route.consumers = route.consumers.filter((c) => !sameConsumer(c, consumer));
  }

  /** A transport the proxy said is gone: none of its listeners is picked any more. */
  drop(endpoint: string): void {
    for (const route of this.#routes.values())
      if (route.consumers.some((c) => c.endpoint === endpoint))
        route.consumers = route.consumers.filter((c) => c.endpoint !== endpoint);
  }

  /** Every route this caller knows or asked for, to resolve again at a proxy that restarted. */
  routes(): { topic: string; server: string }[] {
    const all = [...this.#asked.values()];
    for (const key of this.#routes.keys()) {
      const [topic, server = ''] = key.split('\u0000');
      all.push({ topic, server });
    }
    return all;
  }

  /** Endpoints still listed under some route. */
  isListed(endpoint: string): boolean {
    for (const route of this.#routes.values())
      if (route.consumers.some((c) => c.endpoint === endpoint)) return true;
    return false;
  }
}

function sameConsumer(a: DirectConsumer, b: DirectConsumer): boolean {
  return a.endpoint === b.endpoint && a.listenerId === b.listenerId;
}

/** The consumers of a DIRECTORY frame (`[[endpoint, listenerId], ...]`); garbage throws. */
export function parseDirectory(frame: Buffer | undefined): DirectConsumer[] {
  const list: unknown = JSON.parse(frame?.toString() ?? '');
  if (!Array.isArray(list)) throw new Error('directory is not a list');
  return list.map((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number')
      throw new Error('directory entry is not [endpoint, listener]');
    return { endpoint: entry[0], listenerId: entry[1] };
  });
}
