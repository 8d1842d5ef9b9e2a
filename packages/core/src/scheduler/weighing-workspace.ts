/**
 * Weighing over reusable column buffers (Nova's `weights.py` handler). Raw
 * values and multipliers are kept in one column per weigher, so that after a
 * host is consumed only that host is weighed again: the min-max bounds are
 * widened or rescanned exactly and every total uses the same expression as a
 * full weighing, so the result is the same bit for bit.
 */
import type { RequestSpec } from '../objects/request-spec.js';
import type { HostState } from './host-state.js';
import type { HostWeigher } from './weigher.js';

/**
 * Hosts weighed per block. A block's HostStates stay in the L1/L2 cache while
 * every weigher runs over it, and each weigher's loop is short enough for the
 * CPU to overlap the cache misses of several hosts.
 */
export const WEIGH_BLOCK = 128;

/** Whether `weigher` is constant for `spec`; only exact without fixed bounds. */
function skipped(weigher: HostWeigher, spec: RequestSpec): boolean {
  return (
    weigher.minval === undefined &&
    weigher.maxval === undefined &&
    weigher.skipFor !== undefined &&
    weigher.skipFor(spec)
  );
}

/**
 * Buffers for weighing one snapshot, reused across calls. `weigh` runs a full
 * weighing; `reweigh` updates it after one host of the same snapshot changed.
 * Not reentrant: one request at a time uses a workspace.
 */
export class WeighingWorkspace {
  /** Total weight per position, valid for `[0, length)` after `weigh`. */
  weights = new Float64Array(0);
  #capacity = 0;
  /** Raw weights, `raw[w * capacity + i]`. */
  #raw = new Float64Array(0);
  /** Multipliers, same layout; NaN until asked for a host in aggregates. */
  #mult = new Float64Array(0);
  #lows = new Float64Array(0);
  #highs = new Float64Array(0);
  /** Weighers not skipped for the spec, then those whose bounds differ. */
  #used: number[] = [];
  #active: number[] = [];
  #setAware = false;
  readonly #block: HostState[] = [];
  readonly #plain = new Uint8Array(WEIGH_BLOCK);
  #hosts: readonly HostState[] = [];
  #slots: Int32Array = new Int32Array(0);
  #length = 0;
  #weighers: readonly HostWeigher[] = [];
  #spec: RequestSpec | null = null;

  /**
   * Weighs `hosts[slots[i]]` for `i` in `[0, length)` into `weights[i]`: the
   * sum of multiplier x normalised raw weight per weigher. With one host or
   * none every weight is 0, as in Nova. Keeps references to its arguments.
   */
  weigh(
    hosts: readonly HostState[],
    slots: Int32Array,
    length: number,
    weighers: readonly HostWeigher[],
    spec: RequestSpec,
  ): Float64Array {
    this.#reserve(length, weighers.length);
    this.#hosts = hosts;
    this.#slots = slots;
    this.#length = length;
    this.#weighers = weighers;
    this.#spec = spec;
    this.weights.fill(0, 0, length);
    this.#used = [];
    this.#active = [];
    this.#setAware = false;
    if (length <= 1) return this.weights;
    for (let w = 0; w < weighers.length; w++)
      if (!skipped(weighers[w] as HostWeigher, spec)) this.#used.push(w);
    if (this.#used.length === 0) return this.weights;
    this.#weighSetAware();
    for (let start = 0; start < length; start += WEIGH_BLOCK)
      this.#weighBlock(start, Math.min(start + WEIGH_BLOCK, length));
    this.#block.length = 0;
    for (const w of this.#used) this.#rescan(w);
    this.#activate();
    this.#totals();
    return this.weights;
  }

  /**
   * Updates the weighing after `hosts[slots[pos]]` changed and nothing else
   * did (same hosts array, slots, spec and weighers). Set-aware weighers
   * see the whole set, so with one of them this weighs everything again.
   */
  reweigh(pos: number): Float64Array {
    const length = this.#length;
    if (this.#setAware || length <= 1 || this.#used.length === 0)
      return this.weigh(this.#hosts, this.#slots, length, this.#weighers, this.#spec as RequestSpec);
    const cap = this.#capacity;
    const lows = this.#lows;
    const highs = this.#highs;
    const host = this.#hosts[this.#slots[pos] as number] as HostState;
    const plain = host.aggregates.length === 0;
    let boundsMoved = false;
    for (const w of this.#used) {
      const weigher = this.#weighers[w] as HostWeigher;
      const at = w * cap + pos;
      const old = this.#raw[at] as number;
      const value = weigher.weigh(host, this.#spec as RequestSpec);
      this.#raw[at] = value;
      this.#mult[at] = plain && weigher.baseMultiplier !== undefined ? weigher.baseMultiplier : Number.NaN;
      if (Object.is(old, value)) continue;
      const lo = lows[w] as number;
      const hi = highs[w] as number;
      // A new extreme widens the bound; a value leaving one may uncover another.
      if (value < lo) lows[w] = value;
      else if (old === lo) this.#rescan(w);
      if (value > hi) highs[w] = value;
      else if (old === hi) this.#rescan(w);
      if (lows[w] !== lo || highs[w] !== hi) boundsMoved = true;
    }
    if (boundsMoved) {
      this.#activate();
      this.#totals();
    } else this.weights[pos] = this.#total(pos);
    return this.weights;
  }

  /** Drops the references to the last request's hosts and spec; the buffers stay. */
  release(): void {
    this.#hosts = [];
    this.#slots = new Int32Array(0);
    this.#weighers = [];
    this.#spec = null;
  }

  #reserve(length: number, count: number): void {
    if (this.weights.length < length) this.weights = new Float64Array(length);
    if (this.#capacity < length || this.#lows.length < count) {
      this.#capacity = Math.max(length, this.#capacity);
      this.#raw = new Float64Array(this.#capacity * count);
      this.#mult = new Float64Array(this.#capacity * count);
    }
    if (this.#lows.length < count) {
      this.#lows = new Float64Array(count);
      this.#highs = new Float64Array(count);
    }
  }

  #weighSetAware(): void {
    let subset: HostState[] | null = null;
    for (const w of this.#used) {
      const weigher = this.#weighers[w] as HostWeigher;
      if (weigher.weighAll === undefined) continue;
      this.#setAware = true;
      if (subset === null) {
        subset = [];
        for (let i = 0; i < this.#length; i++)
          subset.push(this.#hosts[this.#slots[i] as number] as HostState);
      }
      const values = weigher.weighAll(subset, this.#spec as RequestSpec);
      const col = w * this.#capacity;
      for (let i = 0; i < this.#length; i++) this.#raw[col + i] = values[i] as number;
    }
  }

  /** Raw weights and multipliers of positions `[start, end)`, weigher by weigher. */
  #weighBlock(start: number, end: number): void {
    const block = this.#block;
    const spec = this.#spec as RequestSpec;
    const raw = this.#raw;
    const mult = this.#mult;
    const size = end - start;
    for (let k = 0; k < size; k++) block[k] = this.#hosts[this.#slots[start + k] as number] as HostState;
    for (const w of this.#used) {
      const weigher = this.#weighers[w] as HostWeigher;
      if (weigher.weighAll !== undefined) continue;
      const col = w * this.#capacity + start;
      for (let k = 0; k < size; k++) raw[col + k] = weigher.weigh(block[k] as HostState, spec);
    }
    const plain = this.#plain;
    for (let k = 0; k < size; k++) plain[k] = (block[k] as HostState).aggregates.length === 0 ? 1 : 0;
    for (const w of this.#used) {
      const base = (this.#weighers[w] as HostWeigher).baseMultiplier ?? Number.NaN;
      const col = w * this.#capacity + start;
      for (let k = 0; k < size; k++) mult[col + k] = plain[k] === 1 ? base : Number.NaN;
    }
  }

  /** Nova's bounds for weigher `w`: a fixed minval/maxval widened by any value beyond it. */
  #rescan(w: number): void {
    const weigher = this.#weighers[w] as HostWeigher;
    const raw = this.#raw;
    const col = w * this.#capacity;
    let lo = weigher.minval ?? Number.POSITIVE_INFINITY;
    let hi = weigher.maxval ?? Number.NEGATIVE_INFINITY;
    for (let i = col; i < col + this.#length; i++) {
      const v = raw[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.#lows[w] = lo;
    this.#highs[w] = hi;
  }

  /** Only weighers whose values differ across hosts contribute (Nova: equal bounds normalise to 0). */
  #activate(): void {
    this.#active = this.#used.filter((w) => this.#lows[w] !== this.#highs[w]);
  }

  /**
   * Every total, column by column: each position still adds its terms in
   * weigher order, so the sums equal `#total` bit for bit.
   */
  #totals(): void {
    const weights = this.weights;
    const length = this.#length;
    weights.fill(0, 0, length);
    for (const w of this.#active) {
      const col = w * this.#capacity;
      const low = this.#lows[w] as number;
      const range = (this.#highs[w] as number) - low;
      const raw = this.#raw;
      const mult = this.#mult;
      for (let i = 0; i < length; i++) {
        const value = (raw[col + i] as number) - low;
        if (value === 0) continue;
        let multiplier = mult[col + i] as number;
        if (Number.isNaN(multiplier)) multiplier = this.#multiplier(w, i);
        weights[i] = (weights[i] as number) + (multiplier * value) / range;
      }
    }
  }

  /** Asks weigher `w` for the multiplier of position `i` and keeps it. */
  #multiplier(w: number, i: number): number {
    const host = this.#hosts[this.#slots[i] as number] as HostState;
    const multiplier = (this.#weighers[w] as HostWeigher).multiplier(host);
    this.#mult[w * this.#capacity + i] = multiplier;
    return multiplier;
  }

  /** The total of position `i`, weigher by weigher as Nova adds them. */
  #total(i: number): number {
    let total = 0;
    for (const w of this.#active) {
      const at = w * this.#capacity + i;
      const low = this.#lows[w] as number;
      const value = (this.#raw[at] as number) - low;
      if (value === 0) continue;
      let multiplier = this.#mult[at] as number;
      // NaN: a host in aggregates (or a NaN option); ask the weigher once.
      if (Number.isNaN(multiplier)) multiplier = this.#multiplier(w, i);
      total += (multiplier * value) / ((this.#highs[w] as number) - low);
    }
    return total;
  }
}
