/**
 * The host weigher contract and Nova's normalisation (`nova/weights.py`):
 * each weigher's raw values are min-max scaled to [0, 1] across the hosts,
 * all-equal values become 0, and the final weight is the sum of
 * multiplier x normalised value. Higher wins.
 */
import type { RequestSpec } from '../objects/request-spec.js';
import type { HostState } from './host-state.js';

export interface HostWeigher {
  /** Nova's exact class name, e.g. `RAMWeigher`: the value in `weight_classes`. */
  readonly name: string;
  /** A fixed lower bound for normalisation (Nova's `minval`); RAM, CPU, disk and I/O use 0. */
  readonly minval?: number;
  /** A fixed upper bound for normalisation (Nova's `maxval`). */
  readonly maxval?: number;
  /** The raw weight of one host (Nova's `_weigh_object`); higher wins before the multiplier. */
  weigh(host: Readonly<HostState>, spec: Readonly<RequestSpec>): number;
  /** The multiplier for this host: the option value, overridable by aggregate metadata. */
  multiplier(host: Readonly<HostState>): number;
  /**
   * The multiplier of a host in no aggregate, when it is just the option
   * value. Optional; when set, the pipeline skips `multiplier` for such hosts.
   */
  readonly baseMultiplier?: number;
  /** Set-aware weighers compute all raw weights at once instead of `weigh`. */
  weighAll?(hosts: readonly HostState[], spec: Readonly<RequestSpec>): number[];
  /**
   * Optional: true when every host weighs the same for this spec, so the
   * pipeline skips the weigher. A constant column normalises to 0, so this
   * is exact; it is honoured only for weighers without `minval`/`maxval`.
   */
  skipFor?(spec: Readonly<RequestSpec>): boolean;
}

/**
 * Nova's `normalize`: scales to [0, 1] with the given or observed bounds;
 * when the bounds are equal every value becomes 0.
 */
export function normalize(values: readonly number[], minval?: number, maxval?: number): number[] {
  if (values.length === 0) return [];
  let lo = minval ?? Number.POSITIVE_INFINITY;
  let hi = maxval ?? Number.NEGATIVE_INFINITY;
  if (minval === undefined || maxval === undefined) {
    for (const v of values) {
      if (minval === undefined && v < lo) lo = v;
      if (maxval === undefined && v > hi) hi = v;
    }
  }
  if (lo === hi) return values.map(() => 0);
  const range = hi - lo;
  return values.map((v) => (v - lo) / range);
}

/**
 * The bounds Nova's `BaseWeigher.weigh_objects` ends up with: a fixed
 * `minval`/`maxval` is widened by any observed value beyond it.
 */
export function weigherBounds(
  values: ArrayLike<number>,
  length: number,
  minval: number | undefined,
  maxval: number | undefined,
): [number, number] {
  let lo = minval ?? Number.POSITIVE_INFINITY;
  let hi = maxval ?? Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    const v = values[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
