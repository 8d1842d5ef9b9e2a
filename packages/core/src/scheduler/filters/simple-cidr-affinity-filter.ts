/**
 * SimpleCIDRAffinityFilter: with the `build_near_host_ip` hint, a host passes
 * when its `host_ip` lies in that address's network of prefix `cidr`
 * (hint, default `/24`) (Nova's `affinity_filter.py`). IPv4 and IPv6.
 */
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import { FilterName } from '../names.js';

export const REASON_OUTSIDE_CIDR = 'host_ip outside the requested network';
const OUTSIDE = rejectHost(REASON_OUTSIDE_CIDR);

/** An address as [bits, width], or null when it does not parse. */
export function parseIp(text: string): [bigint, number] | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    let v = 0n;
    for (const part of text.split('.')) {
      const n = Number(part);
      if (n > 255) return null;
      v = (v << 8n) | BigInt(n);
    }
    return [v, 32];
  }
  if (!text.includes(':')) return null;
  const [head = '', tail, extra] = text.split('::');
  if (extra !== undefined) return null;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...new Array<string>(Math.max(0, fill)).fill('0'), ...right];
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return [groups.reduce((v, g) => (v << 16n) | BigInt(Number.parseInt(g, 16)), 0n), 128];
}

/** Whether `ip` lies in `network/prefix`. */
export function inNetwork(ip: string, network: string, prefix: number): boolean {
  const a = parseIp(ip);
  const b = parseIp(network);
  if (a === null || b === null || a[1] !== b[1] || prefix < 0 || prefix > a[1]) return false;
  const shift = BigInt(a[1] - prefix);
  return a[0] >> shift === b[0] >> shift;
}

export const simpleCidrAffinityFilter: HostFilter = {
  name: FilterName.SIMPLE_CIDR_AFFINITY,
  runOnRebuild: false,
  oncePerRequest: true,
  hostPasses(host, spec) {
    const near = spec.scheduler_hints.build_near_host_ip?.[0];
    if (!near) return PASS;
    const cidr = spec.scheduler_hints.cidr?.[0] ?? '/24';
    const prefix = Number(cidr.replace(/^\//, ''));
    if (!host.host_ip || !Number.isInteger(prefix)) return OUTSIDE;
    return inNetwork(host.host_ip, near, prefix) ? PASS : OUTSIDE;
  },
};
