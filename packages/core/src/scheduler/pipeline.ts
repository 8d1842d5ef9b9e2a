/**
 * The filter -> weigh -> rank pipeline over a snapshot of HostStates (Nova's
 * `filters.py` and `weights.py` handlers). The hot functions work on index
 * arrays and reusable typed buffers so that one decision over a thousand
 * hosts allocates almost nothing; `runPipeline` is the plain form.
 */
import type { RequestSpec } from '../objects/request-spec.js';
import { FilterTally } from './diagnosis.js';
import type { HostFilter } from './filter.js';
import type { HostState } from './host-state.js';
import type { HostWeigher } from './weigher.js';
import { WeighingWorkspace } from './weighing-workspace.js';

/** Nova's hint that marks a same-host rebuild (only RUN_ON_REBUILD filters run). */
export function isRebuild(spec: Readonly<RequestSpec>): boolean {
  return spec.scheduler_hints._nova_check_type?.includes('rebuild') ?? false;
}

/**
 * The filters that run for instance `index` of the request, without those
 * that declare (`skipFor`) that every host passes this spec.
 */
export function activeFilters(
  filters: readonly HostFilter[],
  spec: RequestSpec,
  index: number,
): HostFilter[] {
  const rebuild = isRebuild(spec);
  return filters.filter(
    (f) => (index === 0 || !f.oncePerRequest) && (!rebuild || f.runOnRebuild) && f.skipFor?.(spec) !== true,
  );
}

/** Hosts filtered per block; see WEIGH_BLOCK. */
const FILTER_BLOCK = 256;
const blockSlots = new Int32Array(FILTER_BLOCK);

/**
 * Keeps in `slots[0..length)` the hosts that pass every filter, in order, and
 * returns the new length. Each rejected host is counted for its first failing filter.
 * NOTE(speed): runs filter by filter over blocks of hosts: each loop is short,
 * so the CPU overlaps the cache misses of several HostStates, and a block
 * stays cached for the next filter. Filters are pure, so the order of calls
 * does not change any verdict.
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
  for (let start = 0; start < length; start += FILTER_BLOCK) {
    const end = Math.min(start + FILTER_BLOCK, length);
    let size = end - start;
    for (let k = 0; k < size; k++) blockSlots[k] = slots[start + k] as number;
    for (const filter of filters) {
      let passed = 0;
      for (let k = 0; k < size; k++) {
        const slot = blockSlots[k] as number;
        const verdict = filter.hostPasses(hosts[slot] as HostState, spec);
        if (verdict.pass) blockSlots[passed++] = slot;
        else tally.record(filter.name, verdict.reason);
      }
      size = passed;
    }
    for (let k = 0; k < size; k++) slots[kept++] = blockSlots[k] as number;
  }
  return kept;
}

/**
 * The first filter rejecting `host`, counted in `tally`, or null when it
 * passes: `filterSlots` for the one host that changed since the last pass.
 */
export function firstRejection(
  host: HostState,
  filters: readonly HostFilter[],
  spec: RequestSpec,
  tally: FilterTally,
): HostFilter | null {
  for (const filter of filters) {
    const verdict = filter.hostPasses(host, spec);
    if (!verdict.pass) {
      tally.record(filter.name, verdict.reason);
      return filter;
    }
  }
  return null;
}

/**
 * Writes into `weights[i]` the total weight of `hosts[slots[i]]`: the sum of
 * multiplier x normalised raw weight per weigher (see WeighingWorkspace).
 * With one host or none every weight is 0, as in Nova. `scratch` is no
 * longer used: the hot path keeps a WeighingWorkspace across calls.
 */
export function weighSlots(
  hosts: readonly HostState[],
  slots: Int32Array,
  length: number,
  weighers: readonly HostWeigher[],
  spec: RequestSpec,
  weights: Float64Array,
  _scratch?: Float64Array,
): void {
  const computed = new WeighingWorkspace().weigh(hosts, slots, length, weighers, spec);
  weights.set(computed.subarray(0, length));
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
  weighSlots(hosts, slots, length, weighers, spec, weights);
  const weighed: WeighedHost[] = [];
  for (let i = 0; i < length; i++)
    weighed.push({ host: hosts[slots[i] as number] as HostState, weight: weights[i] as number });
  weighed.sort((a, b) => b.weight - a.weight);
  return { weighed, tally };
}
