/**
 * A compute node's uuid, stable across restarts of its service: derived from
 * host and node name (Nova persists a generated one in `compute_id`).
 */
import { createHash } from 'node:crypto';

export function computeNodeUuid(host: string, nodename: string): string {
  const h = createHash('sha1').update(`novats-compute-node:${host}:${nodename}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
