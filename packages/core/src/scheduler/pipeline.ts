/**
 * The filter -> weigh -> rank pipeline over a snapshot of HostStates (Nova's
 * `filters.py` and `weights.py` handlers). The hot functions work on index
 * arrays and reusable typed buffers so that one decision over a thousand
 * hosts allocates almost nothing; `runPipeline` is the plain form.
 * Ranking is a lazy top-k: most requests need the best host and a few alternates.
 */
import type { RequestSpec } from '../objects/request-spec.js';
import { FilterTally } from './diagnosis.js';
import type { HostFilter } from './filter.js';
import type { HostState } from './host-state.js';
import type { Rng } from './rng.js';
import type { HostWeigher } from './weigher.js';

/** Nova's hint that marks a same-host rebuild (only RUN_ON_REBUILD filters run). */
export function isRebuild(spec: Readonly<RequestSpec>): boolean {
  return spec.scheduler_hints._nova_check_type?.includes('rebuild') ?? false;
}

/** The filters that run for instance `index` of the request. */
export function activeFilters(
  filters: readonly HostFilter[],
  spec: RequestSpec,
  index: number,
): HostFilter[] {
  const rebuild = isRebuild(spec);
  return filters.filter((f) => (index === 0 || !f.oncePerRequest) && (!rebuild || f.runOnRebuild));
}

/**
 * Keeps in `slots[0..length)` the hosts that pass every filter, in order, and
 * returns the new length. Each rejected host is counted for its first failing filter.
 */
export function filterSlots(
  hosts: readonly HostState[],
  slots: Int32Array,
  length: number,
  filters: readonly HostFilter[],
  spec: RequestSpec,
  tally: FilterTally,
): number {
  if (filters.length === 0) return length;
  let kept = 0;
  outer: for (let i = 0; i < length; i++) {
    const slot = slots[i] as number;
    const host = hosts[slot] as HostState;
    for (const filter of filters) {
      const verdict = filter.hostPasses(host, spec);
      if (!verdict.pass) {
        tally.record(filter.name, verdict.reason);
        continue outer;
      }
    }
    slots[kept++] = slot;
  }
  return kept;
}

/**
 * Writes into `weights[i]` the total weight of `hosts[slots[i]]`: the sum of
 * multiplier x normalised raw weight per weigher. With one host or none every
 * weight is 0, as in Nova. `scratch` holds the raw weights, one column of
 * weigher per host; a buffer smaller than `length` x weighers is replaced.
 * NOTE(speed): the loops run host-major so that each HostState is read once
 * per pass; at 100,000 hosts memory traffic, not arithmetic, is the cost.
 * The sum per host still runs weigher by weigher, as Nova adds them.
 */
export function weighSlots(
  hosts: readonly HostState[],
  slots: Int32Array,
  length: number,
  weighers: readonly HostWeigher[],
  spec: RequestSpec,
  weights: Float64Array,
  scratch: Float64Array,
): void {
  weights.fill(0, 0, length);
  const count = weighers.length;
  if (length <= 1 || count === 0) return;
  // Row-major: the raw weights of one host sit side by side (`raw[i * count + w]`).
  const raw = scratch.length >= length * count ? scratch : new Float64Array(length * count);
  const perHost: number[] = [];
  for (let w = 0; w < count; w++) {
    const weigher = weighers[w] as HostWeigher;
    if (weigher.weighAll === undefined) {
      perHost.push(w);
      continue;
    }
    const subset: HostState[] = [];
    for (let i = 0; i < length; i++) subset.push(hosts[slots[i] as number] as HostState);
    const values = weigher.weighAll(subset, spec);
    for (let i = 0; i < length; i++) raw[i * count + w] = values[i] as number;
  }
  const lows = new Float64Array(count);
  const highs = new Float64Array(count);
  for (let w = 0; w < count; w++) {
    lows[w] = (weighers[w] as HostWeigher).minval ?? Number.POSITIVE_INFINITY;
    highs[w] = (weighers[w] as HostWeigher).maxval ?? Number.NEGATIVE_INFINITY;
  }
  for (let i = 0; i < length; i++) {
    const host = hosts[slots[i] as number] as HostState;
    const row = i * count;
    for (const w of perHost) raw[row + w] = (weighers[w] as HostWeigher).weigh(host, spec);
    // Nova's bounds: a fixed minval/maxval widened by any value beyond it (see `weigherBounds`).
    for (let w = 0; w < count; w++) {
      const v = raw[row + w] as number;
      if (v < (lows[w] as number)) lows[w] = v;
      if (v > (highs[w] as number)) highs[w] = v;
    }
  }
  // Only weighers whose values differ across hosts contribute (Nova: equal bounds normalise to 0).
  const active: number[] = [];
  for (let w = 0; w < count; w++) if (lows[w] !== highs[w]) active.push(w);
  if (active.length === 0) return;
  for (let i = 0; i < length; i++) {
    const host = hosts[slots[i] as number] as HostState;
    const plain = host.aggregates.length === 0;
    const row = i * count;
    let total = 0;
    for (const w of active) {
      const value = (raw[row + w] as number) - (lows[w] as number);
      if (value === 0) continue;
      const weigher = weighers[w] as HostWeigher;
      const multiplier =
        plain && weigher.baseMultiplier !== undefined ? weigher.baseMultiplier : weigher.multiplier(host);
      total += (multiplier * value) / ((highs[w] as number) - (lows[w] as number));
    }
    weights[i] = total;
  }
}

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

/** A host with its total weight. */
export interface WeighedHost {
  readonly host: HostState;
  readonly weight: number;
}

/**
 * Filters and weighs `hosts` for one instance and returns the passing hosts
 * sorted by weight (stable), with the rejection tally. Not the hot path.
 */
export function runPipeline(
  hosts: readonly HostState[],
  spec: RequestSpec,
  filters: readonly HostFilter[],
  weighers: readonly HostWeigher[],
  index = 0,
): { weighed: WeighedHost[]; tally: FilterTally } {
  const tally = new FilterTally();
  const slots = Int32Array.from(hosts, (_, i) => i);
  const length = filterSlots(hosts, slots, hosts.length, activeFilters(filters, spec, index), spec, tally);
  const weights = new Float64Array(length);
  weighSlots(hosts, slots, length, weighers, spec, weights, new Float64Array(length * weighers.length));
  const weighed: WeighedHost[] = [];
  for (let i = 0; i < length; i++)
    weighed.push({ host: hosts[slots[i] as number] as HostState, weight: weights[i] as number });
  weighed.sort((a, b) => b.weight - a.weight);
  return { weighed, tally };
}
