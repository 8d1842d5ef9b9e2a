/**
 * Ranking of weighed positions (Nova's `_get_sorted_hosts`): a lazy top-k,
 * since most requests need the best host and a few alternates. Ties keep
 * input order (Python's stable sort); the random draws come from the Rng.
 */
import type { Rng } from './rng.js';

/** Past this many picks a full sort is cheaper than repeated linear scans. */
const SCANS_BEFORE_SORT = 16;

/**
 * Yields positions 0..length-1 by weight, highest first, ties in input order
 * (Python's stable sort). Positions already marked in `taken` are skipped.
 */
export class RankedOrder {
  #scans = 0;
  #sorted: number[] | null = null;
  #cursor = 0;

  constructor(
    private readonly weights: Float64Array,
    private readonly length: number,
    private readonly taken: Uint8Array,
  ) {}

  /** The next best position, or -1 when none is left. */
  next(): number {
    if (this.#sorted !== null) return this.#fromSorted();
    if (this.#scans++ >= SCANS_BEFORE_SORT) {
      const rest: number[] = [];
      for (let i = 0; i < this.length; i++) if (this.taken[i] === 0) rest.push(i);
      const w = this.weights;
      this.#sorted = rest.sort((a, b) => (w[b] as number) - (w[a] as number) || a - b);
      return this.#fromSorted();
    }
    let best = -1;
    let bestWeight = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.length; i++) {
      if (this.taken[i] !== 0) continue;
      const w = this.weights[i] as number;
      if (best === -1 || w > bestWeight) {
        best = i;
        bestWeight = w;
      }
    }
    if (best !== -1) this.taken[best] = 1;
    return best;
  }

  #fromSorted(): number {
    const sorted = this.#sorted as number[];
    while (this.#cursor < sorted.length) {
      const i = sorted[this.#cursor++] as number;
      if (this.taken[i] === 0) {
        this.taken[i] = 1;
        return i;
      }
    }
    return -1;
  }
}

/** How Nova's `_get_sorted_hosts` orders weighed hosts. */
export interface OrderOptions {
  readonly host_subset_size: number;
  readonly shuffle_best_same_weighed_hosts: boolean;
}

/**
 * Nova's `_get_sorted_hosts` as a lazy iterator over positions: the hosts
 * tied on the top weight are shuffled when asked, one host is drawn at random
 * from the best `host_subset_size`, and it comes first, followed by the
 * others by weight. Returns a function yielding the next position or -1.
 */
export function sortedPositions(
  weights: Float64Array,
  length: number,
  options: OrderOptions,
  rng: Rng,
  taken: Uint8Array,
): () => number {
  taken.fill(0, 0, length);
  const ranked = new RankedOrder(weights, length, taken);
  let prefix: number[] = [];
  if (options.shuffle_best_same_weighed_hosts && length > 1) {
    const first = ranked.next();
    const top = weights[first] as number;
    prefix = [first];
    for (let i = 0; i < length; i++) {
      if (taken[i] === 0 && weights[i] === top) {
        taken[i] = 1;
        prefix.push(i);
      }
    }
    for (let i = prefix.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [prefix[i], prefix[j]] = [prefix[j] as number, prefix[i] as number];
    }
  }
  let p = 0;
  const base = (): number => (p < prefix.length ? (prefix[p++] as number) : ranked.next());
  if (options.host_subset_size <= 1 || length <= 1) return base;
  const subset: number[] = [];
  for (let k = 0; k < options.host_subset_size; k++) {
    const next = base();
    if (next === -1) break;
    subset.push(next);
  }
  const chosen = subset.splice(rng.int(subset.length), 1);
  const queue = chosen.concat(subset);
  let q = 0;
  return () => (q < queue.length ? (queue[q++] as number) : base());
}
