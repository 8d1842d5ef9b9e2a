/**
 * The claims this scheduler process made that a placement answer may not
 * show yet, applied to the host states before weighing. Requests that arrive
 * together each read allocation candidates before the others claim; without
 * this they would all see the same empty host and stack on it. Nova's
 * scheduler avoids that by consuming its in-memory HostStates under a lock;
 * this keeps decisions concurrent instead.
 */
import type { AllocationRequest, HostState } from '@novats/core';

interface Entry {
  readonly allocations: AllocationRequest['allocations'];
  /** When placement confirmed the claim; null while it is in flight. */
  doneAt: number | null;
}

/** Settled claims older than this are surely part of any later placement answer. */
const KEEP_MS = 10_000;

export class ClaimLedger {
  readonly #entries = new Set<Entry>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A timestamp to take just before asking placement for candidates. */
  mark(): number {
    return this.now();
  }

  /** Records a claim about to be sent; settle it with the outcome. */
  begin(request: AllocationRequest): Entry {
    const entry: Entry = { allocations: request.allocations, doneAt: null };
    this.#entries.add(entry);
    return entry;
  }

  settle(entry: Entry, granted: boolean): void {
    if (granted) entry.doneAt = this.now();
    else this.#entries.delete(entry);
  }

  /**
   * The host states with the usage of claims that were in flight at `since`
   * or settled after it added: an answer requested at `since` may not include
   * them (counting one twice only makes a host look fuller for a moment).
   * Call it synchronously right before weighing, so that no claim begins in between.
   */
  apply(hosts: readonly HostState[], since: number): HostState[] {
    const unseen = this.#unseen(since);
    if (unseen.size === 0) return [...hosts];
    return hosts.map((host) => {
      const extra = unseen.get(host.uuid);
      if (!extra) return host;
      return {
        ...host,
        free_ram_mb: host.free_ram_mb - (extra.MEMORY_MB ?? 0),
        free_disk_mb: host.free_disk_mb - (extra.DISK_GB ?? 0) * 1024,
        vcpus_used: host.vcpus_used + (extra.VCPU ?? 0),
      };
    });
  }

  #unseen(since: number): Map<string, Record<string, number>> {
    const out = new Map<string, Record<string, number>>();
    const cutoff = this.now() - KEEP_MS;
    for (const entry of this.#entries) {
      if (entry.doneAt !== null && entry.doneAt < cutoff) {
        this.#entries.delete(entry);
        continue;
      }
      if (entry.doneAt !== null && entry.doneAt <= since) continue;
      for (const [rp, { resources }] of Object.entries(entry.allocations)) {
        const sum = out.get(rp) ?? {};
        for (const [rc, amount] of Object.entries(resources)) sum[rc] = (sum[rc] ?? 0) + amount;
        out.set(rp, sum);
      }
    }
    return out;
  }
}
