/**
 * The PCI model the PciPassthroughFilter and PCIWeigher need (Nova's
 * `pci/stats.py` PciDeviceStats): free devices grouped in pools by vendor,
 * product, NUMA node and tags. A request of `count` devices is met by
 * pools matching any of its specs; several requests share the same pools.
 * Given the guest's host NUMA cells, `numa_policy` limits the pools: `required`
 * only affine pools, `legacy` affine pools or pools without NUMA data,
 * `preferred` affine pools first, then any.
 */
import type { RequestPciRequest } from '../objects/request-spec.js';

/** `numa_policy` of a PCI alias (Nova's `fields.PCINUMAAffinityPolicy`, without `socket`). */
export type PciNumaPolicy = 'required' | 'preferred' | 'legacy';

/** A PCI request as the scheduler reads it: the object plus the alias's NUMA policy. */
export interface PciRequest extends RequestPciRequest {
  /** From the alias; `legacy` when absent. */
  readonly numa_policy?: PciNumaPolicy;
}

/** A pool of identical free devices (Nova's PciDevicePool). */
export interface PciDevicePool {
  readonly vendor_id: string;
  readonly product_id: string;
  readonly numa_node: number | null;
  /** Free devices in the pool. */
  readonly count: number;
  /** Extra attributes from `[pci] device_spec`, e.g. `physical_network`, `dev_type`. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Whether `pool` matches every key of `spec`; `*` matches any value (Nova's `pci_device_prop_match`). */
export function poolMatches(pool: PciDevicePool, spec: Readonly<Record<string, string>>): boolean {
  for (const key in spec) {
    const want = spec[key] as string;
    if (want === '*') continue;
    let have: string | undefined;
    if (key === 'vendor_id') have = pool.vendor_id;
    else if (key === 'product_id') have = pool.product_id;
    else if (key === 'numa_node') have = pool.numa_node === null ? undefined : String(pool.numa_node);
    else have = pool.tags[key];
    if (have === undefined || have.toLowerCase() !== want.toLowerCase()) return false;
  }
  return true;
}

function numaAllowed(pool: PciDevicePool, policy: PciNumaPolicy, cells: readonly number[]): boolean {
  if (pool.numa_node === null) return policy !== 'required';
  return cells.includes(pool.numa_node);
}

/**
 * The pools left after taking every request, or null when some request
 * cannot be met (Nova's `support_requests` / `apply_requests`). Without
 * `numaCells` (a guest with no NUMA topology) any pool may serve.
 */
export function consumePciRequests(
  pools: readonly PciDevicePool[],
  requests: readonly PciRequest[],
  numaCells?: readonly number[] | null,
): PciDevicePool[] | null {
  const counts = pools.map((p) => p.count);
  for (const request of requests) {
    let remaining = request.count;
    const policy = request.numa_policy ?? 'legacy';
    // NOTE(nova): `preferred` takes affine devices first and falls back to any in a second pass.
    const passes = !numaCells ? 1 : policy === 'preferred' ? 2 : 1;
    for (let pass = 0; pass < passes && remaining > 0; pass++) {
      const affine = numaCells && pass === 0;
      for (let i = 0; i < pools.length && remaining > 0; i++) {
        const pool = pools[i] as PciDevicePool;
        if (counts[i] === 0 || !request.spec.some((spec) => poolMatches(pool, spec))) continue;
        if (affine && !numaAllowed(pool, policy === 'preferred' ? 'required' : policy, numaCells)) continue;
        const take = Math.min(counts[i] as number, remaining);
        counts[i] = (counts[i] as number) - take;
        remaining -= take;
      }
    }
    if (remaining > 0) return null;
  }
  return pools.map((pool, i) => (counts[i] === pool.count ? pool : { ...pool, count: counts[i] as number }));
}

/** Whether the pools can meet every request. */
export function supportsPciRequests(
  pools: readonly PciDevicePool[],
  requests: readonly PciRequest[],
  numaCells?: readonly number[] | null,
): boolean {
  return consumePciRequests(pools, requests, numaCells) !== null;
}

/** Free devices over all pools. */
export function freePciDevices(pools: readonly PciDevicePool[] | undefined): number {
  let free = 0;
  if (pools) for (const pool of pools) free += pool.count;
  return free;
}
