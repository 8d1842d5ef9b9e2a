/**
 * The availability zone of a compute host for the build path, from the
 * aggregates read at most once per `ttlMs` (Nova caches these lookups too),
 * so that a boot does not cost an extra query.
 */
import type { Aggregate, AggregateRepository, Clock } from '@novats/core';
import { hostAvailabilityZone } from '../compute-orchestration/availability-zones.js';

export class HostZoneCache {
  #aggregates: readonly Aggregate[] = [];
  #loadedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | null = null;

  constructor(
    private readonly repo: AggregateRepository,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  async zoneOf(host: string): Promise<string> {
    if (this.clock.now() - this.#loadedAt > this.ttlMs) {
      this.#loading ??= this.repo
        .list()
        .then((list) => {
          this.#aggregates = list;
          this.#loadedAt = this.clock.now();
        })
        .finally(() => {
          this.#loading = null;
        });
      await this.#loading;
    }
    return hostAvailabilityZone(host, this.#aggregates);
  }
}
