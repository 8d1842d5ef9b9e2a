/**
 * The exchange of the in-process transport: who listens on which topic, and
 * which of them takes the next message. Competing consumers share a topic
 * round-robin, as RabbitMQ hands out messages of one queue; `topic.server`
 * (direct) and fanout routes are views of the same subscriber list.
 */

/** What a listener receives: already deep-copied, never shared with the sender. */
export interface Envelope {
  readonly ctx: unknown;
  readonly method: string;
  readonly args: unknown;
  /** Present for `call`: sends the outcome back to the waiting caller. */
  readonly reply?: (outcome: ReplyOutcome) => void;
}

export type ReplyOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: unknown };

export interface Subscriber {
  readonly topic: string;
  readonly server: string;
  deliver(envelope: Envelope): void;
}

export class InProcessBus {
  readonly #subscribers: Subscriber[] = [];
  readonly #nextIndex = new Map<string, number>();
  #attached = 0;

  /** Adds a consumer for `topic`, `topic.server` and the topic's fanout; returns its unsubscribe. */
  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.push(subscriber);
    return () => {
      const at = this.#subscribers.indexOf(subscriber);
      if (at !== -1) this.#subscribers.splice(at, 1);
    };
  }

  /**
   * The consumer of the next competing (`server` omitted) or direct message,
   * round-robin among the matching ones; undefined when nobody listens.
   */
  pickOne(topic: string, server?: string): Subscriber | undefined {
    const matching = this.#subscribers.filter(
      (s) => s.topic === topic && (server === undefined || s.server === server),
    );
    if (matching.length === 0) return undefined;
    const key = server === undefined ? topic : `${topic}.${server}`;
    const index = this.#nextIndex.get(key) ?? 0;
    this.#nextIndex.set(key, index + 1);
    return matching[index % matching.length];
  }

  /** Every consumer of `topic` (fanout), one entry per listener. */
  all(topic: string): Subscriber[] {
    return this.#subscribers.filter((s) => s.topic === topic);
  }

  /** Counts transports using this bus, so that a registry can forget idle buses. */
  attach(): void {
    this.#attached += 1;
  }

  detach(): void {
    this.#attached = Math.max(0, this.#attached - 1);
  }

  /** No transport uses the bus any more. */
  get idle(): boolean {
    return this.#attached === 0;
  }
}
