/**
 * `[oslo_messaging_rabbit]` options read into typed settings, by their oslo
 * names. NOTE(durability): Novats defaults `amqp_durable_queues` to true
 * (oslo: false) so that a cast the broker confirmed survives a broker restart.
 */
import { InvalidTransportURL } from '../transport-errors.js';

export interface RabbitSettings {
  /** `amqp_durable_queues`: topic exchange and queues durable, messages persistent. */
  readonly durableQueues: boolean;
  /** `rabbit_qos_prefetch_count`: unacked messages a consumer may hold. */
  readonly prefetchCount: number;
  /** `heartbeat_timeout_threshold` (s): silence after which the broker is deemed gone; 0 disables. */
  readonly heartbeatTimeoutThreshold: number;
  /** `rabbit_retry_interval` (ms): first reconnect delay. */
  readonly retryIntervalMs: number;
  /** `rabbit_retry_backoff` (ms): added per failed attempt. */
  readonly retryBackoffMs: number;
  /** `rabbit_interval_max` (ms): cap of the reconnect delay. */
  readonly intervalMaxMs: number;
  /** `rabbit_transient_queues_ttl` (ms): idle reply queues expire after this. */
  readonly transientQueuesTtlMs: number;
  /** Novats' `connection_timeout` (ms): bound of one connection attempt and of `openTransport`. */
  readonly connectionTimeoutMs: number;
  /** How long a cast waits for a (re)connection and the broker's confirm; `rpc_response_timeout` by default. */
  readonly publishTimeoutMs: number;
}

type Bag = Readonly<Record<string, unknown>>;

function number(bag: Bag, key: string, fallback: number): number {
  const raw = bag[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new InvalidTransportURL(
      `[oslo_messaging_rabbit] ${key}`,
      `"${String(raw)}" is not a non-negative number`,
    );
  return value;
}

function boolean(bag: Bag, key: string, fallback: boolean): boolean {
  const raw = bag[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new InvalidTransportURL(`[oslo_messaging_rabbit] ${key}`, `"${String(raw)}" is not a boolean`);
}

/** Settings from the oslo option bag; seconds in oslo's names become milliseconds here. */
export function readRabbitSettings(bag: Bag = {}, rpcResponseTimeoutMs = 60_000): RabbitSettings {
  return {
    durableQueues: boolean(bag, 'amqp_durable_queues', true),
    prefetchCount: Math.max(1, Math.floor(number(bag, 'rabbit_qos_prefetch_count', 64))),
    heartbeatTimeoutThreshold: number(bag, 'heartbeat_timeout_threshold', 60),
    retryIntervalMs: number(bag, 'rabbit_retry_interval', 1) * 1000,
    retryBackoffMs: number(bag, 'rabbit_retry_backoff', 2) * 1000,
    intervalMaxMs: number(bag, 'rabbit_interval_max', 30) * 1000,
    transientQueuesTtlMs: number(bag, 'rabbit_transient_queues_ttl', 1800) * 1000,
    connectionTimeoutMs: number(bag, 'connection_timeout', 5) * 1000,
    publishTimeoutMs: number(bag, 'publish_timeout', rpcResponseTimeoutMs / 1000) * 1000,
  };
}

/** The delay before reconnect attempt `attempt` (0-based), as oslo computes it. */
export function reconnectDelayMs(settings: RabbitSettings, attempt: number): number {
  return Math.min(settings.retryIntervalMs + attempt * settings.retryBackoffMs, settings.intervalMaxMs);
}
