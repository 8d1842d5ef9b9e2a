/**
 * Nova's conductor `cache_images` (2.81 image pre-cache on an aggregate):
 * each compute host of the aggregate whose service is up is asked to cache
 * the images, a few hosts at a time (`[image_cache] precache_concurrency`);
 * hosts that are down are skipped. The answers are tallied per result
 * (cached, existing, unsupported, error) and logged, as Nova logs them:
 * nobody waits on the outcome, the API answered 202 already.
 */
import type { ApiDatabase, Clock, ImageCacheResult, RequestContext } from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { HostCellCache } from '../cells/host-cells.js';
import { isServiceUp } from '../cells/service-liveness.js';
import type { ComputeRpcApi } from '../rpc/compute-rpcapi.js';

export interface PrecacheDeps {
  readonly api: ApiDatabase;
  readonly cells: CellRegistry;
  readonly hostCells: HostCellCache;
  readonly compute: ComputeRpcApi;
  readonly clock: Clock;
  /** `[DEFAULT] service_down_time` (s): older heartbeats mean the host is down. */
  readonly serviceDownTime: number;
  /** `[image_cache] precache_concurrency`: hosts asked at once. */
  readonly concurrency: number;
  readonly log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/** What the pass did: hosts skipped as down, and per result how many (host, image) pairs. */
export interface PrecacheTally {
  readonly skipped: readonly string[];
  readonly results: Readonly<Record<ImageCacheResult | 'failed', number>>;
}

/** The hosts whose nova-compute is up: one service listing per cell, not one per host. */
async function upHosts(deps: PrecacheDeps, hosts: readonly string[]): Promise<Set<string>> {
  const byCell = new Map<string, string[]>();
  for (const host of hosts) {
    const cell = await deps.hostCells.cellOf(host).catch(() => null);
    if (cell) byCell.set(cell, [...(byCell.get(cell) ?? []), host]);
  }
  const up = new Set<string>();
  for (const [cellUuid, cellHosts] of byCell) {
    const cell = await deps.cells.get(cellUuid).catch(() => null);
    const services = cell ? await cell.services.list({ binary: 'nova-compute' }).catch(() => []) : [];
    for (const host of cellHosts) {
      const service = services.find((svc) => svc.host === host);
      if (isServiceUp(service, deps.clock, deps.serviceDownTime)) up.add(host);
    }
  }
  return up;
}

export async function precacheImagesOnAggregate(
  deps: PrecacheDeps,
  ctx: RequestContext,
  a: { hosts: readonly string[]; image_ids: readonly string[] },
): Promise<PrecacheTally> {
  const alive = await upHosts(deps, a.hosts);
  const up = a.hosts.filter((host) => alive.has(host));
  const skipped = a.hosts.filter((host) => !alive.has(host));
  const results: Record<ImageCacheResult | 'failed', number> = {
    cached: 0,
    existing: 0,
    unsupported: 0,
    error: 0,
    failed: 0,
  };
  const queue = [...up];
  const worker = async () => {
    for (let host = queue.shift(); host !== undefined; host = queue.shift()) {
      try {
        const answer = await deps.compute.cacheImages(ctx, host, a.image_ids);
        for (const result of Object.values(answer)) results[result] += 1;
      } catch {
        // NOTE(nova): a host that does not answer counts its images as failed; the others go on.
        results.failed += a.image_ids.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.concurrency) }, worker));
  deps.log?.('image pre-cache finished', { hosts: up.length, skipped, ...results });
  return { skipped, results };
}
