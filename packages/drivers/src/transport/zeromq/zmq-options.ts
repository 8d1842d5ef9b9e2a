/**
 * `[oslo_messaging_zmq]` options a service's transport reads, by their oslo
 * names (the proxy's own, `rpc_zmq_bind_address` and `rpc_zmq_topic_backlog`,
 * are read by `novats zmq-proxy`). A bad value fails the service's start with
 * the option named, rather than silently falling back to a default.
 */
import { InvalidTransportURL } from '../transport-errors.js';

export interface ZmqSettings {
  /** `heartbeat_interval` (ms): how often the transport pings the proxy; 3 missed mean gone, both ways. */
  readonly heartbeatIntervalMs: number;
  /** `rpc_zmq_host`: the name or address other services reach this one's direct-call socket at. */
  readonly directHost?: string;
}

type Bag = Readonly<Record<string, unknown>>;

/** The smallest heartbeat the option allows (0.01 s): below it, pings would flood the proxy. */
const MIN_HEARTBEAT_S = 0.01;

function seconds(bag: Bag, key: string, fallback: number, min: number): number {
  const raw = bag[key];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new InvalidTransportURL(
      `[oslo_messaging_zmq] ${key}`,
      `"${String(raw)}" is not a number >= ${min}`,
    );
  return value;
}

/** Settings from the oslo option bag; oslo's seconds become milliseconds here. */
export function readZmqSettings(bag: Bag = {}): ZmqSettings {
  return {
    heartbeatIntervalMs: Math.round(seconds(bag, 'heartbeat_interval', 1, MIN_HEARTBEAT_S) * 1000),
    directHost: hostOption(bag, 'rpc_zmq_host'),
  };
}

function hostOption(bag: Bag, key: string): string | undefined {
  const raw = bag[key];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = String(raw).trim();
  if (!/^[\w.:-]+$/.test(value))
    throw new InvalidTransportURL(`[oslo_messaging_zmq] ${key}`, `"${value}" is not a host name or address`);
  return value;
}
