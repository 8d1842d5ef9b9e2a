import type { ApiDatabase, ImageCacheResult, RequestContext, Service } from '@novats/core';
import { describe, expect, it } from 'vitest';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { HostCellCache } from '../cells/host-cells.js';
import type { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import { precacheImagesOnAggregate } from './aggregate-image-precache.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const heartbeat = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();

function world(
  heartbeats: Record<string, number>,
  answers: Record<string, Record<string, ImageCacheResult> | Error>,
) {
  const asked: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const services = (host: string): Service[] =>
    host in heartbeats
      ? [{ host, binary: 'nova-compute', updated_at: heartbeat(heartbeats[host]) } as Service]
      : [];
  const deps = {
    api: {} as ApiDatabase,
    cells: {
      get: async () => ({ services: { list: async () => Object.keys(heartbeats).flatMap(services) } }),
    } as unknown as CellRegistry,
    hostCells: { cellOf: async () => 'cell1' } as unknown as HostCellCache,
    compute: {
      cacheImages: async (_ctx: RequestContext, host: string) => {
        asked.push(host);
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        const answer = answers[host];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    } as unknown as ComputeRpcApi,
    clock: { now: () => NOW },
    serviceDownTime: 60,
  };
  return { deps, asked, mostInFlight: () => mostInFlight };
}

describe('the conductor’s image pre-cache of an aggregate', () => {
  it('asks only the hosts that are up, tallies their answers and counts a silent host as failed', async () => {
    const w = world(
      { a: 5, b: 600, c: 10 },
      { a: { i1: 'cached', i2: 'existing' }, c: new Error('MessagingTimeout') },
    );
    const tally = await precacheImagesOnAggregate(
      { ...w.deps, concurrency: 1 } as never,
      {} as RequestContext,
      { hosts: ['a', 'b', 'c', 'gone'], image_ids: ['i1', 'i2'] },
    );
    expect(w.asked.sort()).toEqual(['a', 'c']);
    expect(tally.skipped).toEqual(['b', 'gone']);
    expect(tally.results).toEqual({ cached: 1, existing: 1, unsupported: 0, error: 0, failed: 2 });
    expect(w.mostInFlight()).toBe(1);
  });

  it('asks up to precache_concurrency hosts at once', async () => {
    const ok = { i1: 'cached' as const };
    const w = world({ a: 1, b: 1, c: 1, d: 1 }, { a: ok, b: ok, c: ok, d: ok });
    const tally = await precacheImagesOnAggregate(
      { ...w.deps, concurrency: 2 } as never,
      {} as RequestContext,
      {
        hosts: ['a', 'b', 'c', 'd'],
        image_ids: ['i1'],
      },
    );
    expect(tally.results.cached).toBe(4);
    expect(w.mostInFlight()).toBe(2);
  });
});
