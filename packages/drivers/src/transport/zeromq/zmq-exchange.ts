/**
 * The proxy's routing state, free of sockets: which transport (peer) listens
 * on which topic, who holds which unacknowledged delivery, and the backlog of
 * messages nobody listens to yet. Competing consumers of a topic (or of one
 * `topic.server`) take messages round-robin, as from one RabbitMQ queue.
 * NOTE(at-least-once): a delivery stays held by its peer until acked (cast)
 * or replied to (call); when the peer goes away, it is routed again, so a
 * handler may run twice but a caller is never left with a dead consumer.
 * It is also the directory of direct calls: which consumers of a route have
 * an endpoint of their own, pushed to every peer that asked (RESOLVE) each
 * time the list changes, and a GONE to them when such a peer dies, so that
 * callers route again what they had sent it directly.
 */
import { Cmd, header, nextId, REDELIVERED_BIT } from './zmq-frames.js';

/** Sends a multipart message to a peer's routing id (a ROUTER send). */
export type SendToPeer = (identity: Buffer, frames: Buffer[]) => void;

export interface Peer {
  readonly key: string;
  readonly identity: Buffer;
  lastSeen: number;
  /** Silence after which the peer is gone: 3 of its own heartbeat intervals. */
  timeoutMs: number;
  /** A PING was answered since this record exists (false makes the peer re-register). */
  greeted: boolean;
  readonly consumers: Map<number, Consumer>;
  readonly held: Set<Delivery>;
  /** The ROUTER this peer's listeners take direct calls on (from LISTEN), if any. */
  endpoint?: string;
  /** Route keys this peer resolved: it is sent their directory when it changes. */
  readonly subscriptions: Set<string>;
}

interface Consumer {
  readonly peer: Peer;
  readonly listenerId: number;
  readonly topic: string;
  readonly server: string;
}

export interface Delivery {
  readonly id: number;
  readonly isCall: boolean;
  readonly isFanout: boolean;
  readonly topic: string;
  /** '' for any server of the topic. */
  readonly server: string;
  readonly method: Buffer;
  readonly body: Buffer;
  /** The caller's routing id and call id, for calls. */
  readonly caller?: Buffer;
  readonly callId: number;
  /** Calls expire with their caller's timeout, casts after the backlog TTL. */
  readonly expiresAt: number;
  holder?: Peer;
  /** A holder died with it: its handler may have run (part of) it already. */
  isRedelivered?: boolean;
}

export interface ExchangeLimits {
  /** Queued messages kept per topic (or `topic.server`) nobody listens to (oslo's `rpc_zmq_topic_backlog`). */
  readonly backlogPerTopic: number;
  /** How long a queued cast waits for a consumer. */
  readonly castTtlMs: number;
}

export interface NewMessage {
  readonly isCall: boolean;
  readonly topic: string;
  readonly server: string;
  readonly method: Buffer;
  readonly body: Buffer;
  readonly caller?: Buffer;
  readonly callId?: number;
  readonly ttlMs?: number;
}

const routeKey = (topic: string, server: string) => (server === '' ? topic : `${topic}\u0000${server}`);

export class ZmqExchange {
  readonly peers = new Map<string, Peer>();
  readonly #routes = new Map<string, Consumer[]>();
  readonly #turn = new Map<string, number>();
  readonly #deliveries = new Map<number, Delivery>();
  readonly #backlog = new Map<string, Delivery[]>();
  readonly #subscribers = new Map<string, Set<Peer>>();
  #lastDeliveryId = 0;

  constructor(
    readonly send: SendToPeer,
    readonly limits: ExchangeLimits,
    readonly onDrop: (reason: string, topic: string) => void,
  ) {}

  /** The record of a routing id, created on first sight. */
  peer(identity: Buffer, now: number): Peer {
    const key = identity.toString('latin1');
    let peer = this.peers.get(key);
    if (!peer) {
      peer = {
        key,
        identity,
        lastSeen: now,
        timeoutMs: 3_000,
        greeted: false,
        consumers: new Map(),
        held: new Set(),
        subscriptions: new Set(),
      };
      this.peers.set(key, peer);
    }
    peer.lastSeen = now;
    return peer;
  }

  /** Registers a listener (idempotent: a re-registering peer may repeat it). */
  addConsumer(peer: Peer, listenerId: number, topic: string, server: string, endpoint?: string): void {
    if (endpoint) peer.endpoint = endpoint;
    if (peer.consumers.has(listenerId)) return;
    const consumer: Consumer = { peer, listenerId, topic, server };
    peer.consumers.set(listenerId, consumer);
    for (const key of [routeKey(topic, ''), routeKey(topic, server)]) {
      const list = this.#routes.get(key);
      if (list) list.push(consumer);
      else this.#routes.set(key, [consumer]);
    }
    this.#flushBacklog(routeKey(topic, server));
    this.#flushBacklog(routeKey(topic, ''));
    this.#announce(routeKey(topic, ''));
    this.#announce(routeKey(topic, server));
  }

  /** Stops routing to a listener; what it holds stays held until it acks (a graceful stop drains). */
  removeConsumer(peer: Peer, listenerId: number): void {
    const consumer = peer.consumers.get(listenerId);
    if (!consumer) return;
    peer.consumers.delete(listenerId);
    for (const key of [routeKey(consumer.topic, ''), routeKey(consumer.topic, consumer.server)]) {
      const list = this.#routes.get(key);
      if (!list) continue;
      const at = list.indexOf(consumer);
      if (at !== -1) list.splice(at, 1);
      if (list.length === 0) this.#routes.delete(key);
      this.#announce(key);
    }
  }

  /** Subscribes a peer to a route's directory and sends it the current one (seq echoes its RESOLVE). */
  resolve(peer: Peer, topic: string, server: string, seq: number): void {
    const key = routeKey(topic, server);
    peer.subscriptions.add(key);
    let subscribers = this.#subscribers.get(key);
    if (!subscribers) {
      subscribers = new Set();
      this.#subscribers.set(key, subscribers);
    }
    subscribers.add(peer);
    this.send(peer.identity, this.#directory(key, seq));
  }

  /** A peer that said BYE or stopped heartbeating: its listeners go, its deliveries are routed again. */
  removePeer(peer: Peer): void {
    for (const key of peer.subscriptions) {
      const subscribers = this.#subscribers.get(key);
      subscribers?.delete(peer);
      if (subscribers?.size === 0) this.#subscribers.delete(key);
    }
    for (const listenerId of [...peer.consumers.keys()]) this.removeConsumer(peer, listenerId);
    this.peers.delete(peer.key);
    // NOTE(at-least-once): callers route again what they had sent this peer directly.
    if (peer.endpoint) {
      const told = new Set<Peer>();
      for (const subscribers of this.#subscribers.values()) for (const p of subscribers) told.add(p);
      for (const p of told) this.send(p.identity, [header(Cmd.GONE, 0), Buffer.from(peer.endpoint)]);
    }
    const held = [...peer.held];
    peer.held.clear();
    for (const delivery of held) {
      delivery.holder = undefined;
      delivery.isRedelivered = true;
      if (delivery.isFanout) this.#deliveries.delete(delivery.id);
      else this.#route(delivery, Date.now());
    }
  }

  /** A call or cast to one consumer (any of the topic, or `topic.server`). */
  publish(message: NewMessage, now: number): void {
    this.#lastDeliveryId = nextId(this.#lastDeliveryId);
    const delivery: Delivery = {
      id: this.#lastDeliveryId,
      isCall: message.isCall,
      isFanout: false,
      topic: message.topic,
      server: message.server,
      method: message.method,
      body: message.body,
      caller: message.caller,
      callId: message.callId ?? 0,
      expiresAt: now + (message.isCall ? (message.ttlMs ?? 60_000) : this.limits.castTtlMs),
    };
    this.#route(delivery, now);
  }

  /** A copy to every listener of the topic; with no listener the cast is dropped, like a fanout exchange. */
  fanout(topic: string, method: Buffer, body: Buffer, now: number): void {
    const consumers = this.#routes.get(topic);
    if (!consumers) return;
    for (const consumer of consumers) {
      this.#lastDeliveryId = nextId(this.#lastDeliveryId);
      this.#deliver(consumer, {
        id: this.#lastDeliveryId,
        isCall: false,
        isFanout: true,
        topic,
        server: consumer.server,
        method,
        body,
        callId: 0,
        expiresAt: now + this.limits.castTtlMs,
      });
    }
  }

  /** The end of a delivery (ACK or REPLY); the first answer wins, later duplicates are ignored. */
  settle(deliveryId: number): Delivery | undefined {
    const delivery = this.#deliveries.get(deliveryId);
    if (!delivery) return undefined;
    this.#deliveries.delete(deliveryId);
    delivery.holder?.held.delete(delivery);
    return delivery;
  }

  /** A delivery its holder gave back (it reached a listener that was stopping). */
  requeue(peer: Peer, deliveryId: number, now: number): void {
    const delivery = this.#deliveries.get(deliveryId);
    if (!delivery || delivery.holder !== peer) return;
    peer.held.delete(delivery);
    delivery.holder = undefined;
    if (delivery.isFanout) this.#deliveries.delete(deliveryId);
    else this.#route(delivery, now);
  }

  /** Drops expired backlog entries; returns how many went. */
  expireBacklog(now: number): number {
    let dropped = 0;
    for (const [key, queue] of this.#backlog) {
      const kept = queue.filter((d) => d.expiresAt > now);
      dropped += queue.length - kept.length;
      if (kept.length === 0) this.#backlog.delete(key);
      else if (kept.length !== queue.length) this.#backlog.set(key, kept);
    }
    return dropped;
  }

  /** Messages waiting for a consumer, all topics together. */
  get backlogSize(): number {
    let size = 0;
    for (const queue of this.#backlog.values()) size += queue.length;
    return size;
  }

  #route(delivery: Delivery, now: number): void {
    if (delivery.expiresAt <= now) {
      this.#deliveries.delete(delivery.id);
      return;
    }
    const key = routeKey(delivery.topic, delivery.server);
    const consumers = this.#routes.get(key);
    if (consumers) {
      const turn = this.#turn.get(key) ?? 0;
      this.#turn.set(key, turn + 1);
      this.#deliver(consumers[turn % consumers.length], delivery);
      return;
    }
    this.#deliveries.delete(delivery.id);
    let queue = this.#backlog.get(key);
    if (!queue) {
      queue = [];
      this.#backlog.set(key, queue);
    }
    queue.push(delivery);
    // NOTE(backlog): like a RabbitMQ queue with x-max-length, the oldest message makes room.
    if (queue.length > this.limits.backlogPerTopic) {
      queue.shift();
      this.onDrop('backlog full', delivery.topic);
    }
  }

  #deliver(consumer: Consumer, delivery: Delivery): void {
    delivery.holder = consumer.peer;
    consumer.peer.held.add(delivery);
    this.#deliveries.set(delivery.id, delivery);
    const cmd = delivery.isCall ? Cmd.DELIVER_CALL : Cmd.DELIVER_CAST;
    const listener = consumer.listenerId | (delivery.isRedelivered ? REDELIVERED_BIT : 0);
    this.send(consumer.peer.identity, [header(cmd, delivery.id, listener), delivery.method, delivery.body]);
  }

  /** The DIRECTORY message of a route: its consumers that take direct calls. */
  #directory(key: string, seq: number): Buffer[] {
    const [topic, server = ''] = key.split('\u0000');
    const direct: [string, number][] = [];
    for (const consumer of this.#routes.get(key) ?? [])
      if (consumer.peer.endpoint) direct.push([consumer.peer.endpoint, consumer.listenerId]);
    return [
      header(Cmd.DIRECTORY, seq),
      Buffer.from(topic),
      Buffer.from(server),
      Buffer.from(JSON.stringify(direct)),
    ];
  }

  #announce(key: string): void {
    const subscribers = this.#subscribers.get(key);
    if (!subscribers) return;
    for (const peer of subscribers) this.send(peer.identity, this.#directory(key, 0));
  }

  #flushBacklog(key: string): void {
    const queue = this.#backlog.get(key);
    if (!queue || !this.#routes.has(key)) return;
    this.#backlog.delete(key);
    const now = Date.now();
    for (const delivery of queue) this.#route(delivery, now);
  }
}
