/**
 * Why hosts were rejected, rolled up into the NoValidHost detail the way
 * Kubernetes says "0/N nodes are available" and Nomad keeps an AllocMetric:
 * "0/12 hosts: 7 ComputeFilter (service disabled), 5 ImagePropertiesFilter
 * (hypervisor type mismatch)". A host is counted once, for the first
 * filter (or step such as `ignore_hosts` or `claim`) that rejected it.
 */

/** One line of the roll-up. */
export interface TallyEntry {
  readonly filter: string;
  readonly reason: string;
  readonly count: number;
}

/** Counts rejections per filter and reason for one scheduling request. */
export class FilterTally {
  readonly #counts = new Map<string, Map<string, number>>();

  /** Counts one host rejected by `filter` for `reason`. */
  record(filter: string, reason: string): void {
    let byReason = this.#counts.get(filter);
    if (byReason === undefined) {
      byReason = new Map();
      this.#counts.set(filter, byReason);
    }
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }

  /** Forgets every count (a new instance of a multi-create starts over). */
  clear(): void {
    this.#counts.clear();
  }

  /** Entries, most rejections first, then by filter and reason. */
  entries(): TallyEntry[] {
    const out: TallyEntry[] = [];
    for (const [filter, byReason] of this.#counts) {
      for (const [reason, count] of byReason) out.push({ filter, reason, count });
    }
    return out.sort(
      (a, b) => b.count - a.count || a.filter.localeCompare(b.filter) || a.reason.localeCompare(b.reason),
    );
  }
}

/** The structured roll-up of one failed placement. */
export interface Diagnosis {
  /** Hosts the scheduler started from (placement's candidates). */
  readonly total: number;
  /** Hosts still usable at the end. */
  readonly available: number;
  readonly entries: readonly TallyEntry[];
}

export function diagnose(tally: FilterTally, total: number, available: number): Diagnosis {
  return { total, available, entries: tally.entries() };
}

/** "0/12 hosts: 7 ComputeFilter (service disabled), 5 ..." */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  const head = `${diagnosis.available}/${diagnosis.total} hosts`;
  if (diagnosis.entries.length === 0) return head;
  return `${head}: ${diagnosis.entries.map((e) => `${e.count} ${e.filter} (${e.reason})`).join(', ')}`;
}
