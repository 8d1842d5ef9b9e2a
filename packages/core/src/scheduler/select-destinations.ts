/**
 * selectDestinations: Nova's `FilterScheduler._schedule` over a snapshot.
 * For each instance: filter, weigh, draw from the best `host_subset_size`,
 * claim the host's first allocation request (falling back on the next host
 * when a claim fails) and consume it in a new snapshot; then add up to
 * `max_attempts - 1` alternates from the same cell. Pure except for the
 * injected `claim`; randomness comes from a seeded Rng.
 */
import type { RequestSpec } from '../objects/request-spec.js';
import type { Selection } from '../objects/selection.js';
import type { AllocationRequest } from '../placement/types.js';
import { diagnose, FilterTally } from './diagnosis.js';
import type { HostFilter } from './filter.js';
import { consumeFromRequest, type HostState } from './host-state.js';
import { NoValidHostWithClaims } from './no-valid-host.js';
import { resolveSchedulerOptions, type SchedulerOptions, type SchedulerOptionsInput } from './options.js';
import { activeFilters, filterSlots, isRebuild, sortedPositions, weighSlots } from './pipeline.js';
import { createInTreeRegistries, type SchedulerRegistries } from './registry.js';
import { type Rng, seededRng } from './rng.js';
import type { HostWeigher } from './weigher.js';

/** Placement microversion of the allocation requests in selections (Nova asks at 1.36). */
export const ALLOCATION_REQUEST_VERSION = '1.36';
export const CLAIM_STEP = 'claim';
export const REASON_CLAIM_FAILED = 'placement claim failed';
export const REASON_HOST_IGNORED = 'host ignored';
export const REASON_HOST_NOT_FORCED = 'host not forced';
export const REASON_NODE_NOT_FORCED = 'node not forced';

/**
 * Claims `allocationRequest` (null when the host came without one) for the
 * instance, Nova's `claim_resources`: true on success, false to try the next host.
 */
export type Claim = (
  host: HostState,
  allocationRequest: AllocationRequest | null,
  instanceUuid: string,
) => boolean | Promise<boolean>;

export interface SelectDestinationsInput {
  readonly spec: RequestSpec;
  /** One decision per uuid, in order; the first instance runs once-per-request filters. */
  readonly instanceUuids: readonly string[];
  /** The candidates, usually one per compute node placement returned. */
  readonly hosts: readonly HostState[];
}

export interface SchedulerIo {
  /** Defaults to a claim that always succeeds. */
  readonly claim?: Claim;
  /** Defaults to an Rng seeded from the first instance uuid. */
  readonly rng?: Rng;
}

export interface Scheduler {
  readonly options: SchedulerOptions;
  readonly filters: readonly HostFilter[];
  readonly weighers: readonly HostWeigher[];
  /**
   * Per instance `[chosen, ...alternates]`. Throws NoValidHostWithClaims
   * (a NoValidHost) when some instance finds no host; its `claimed` lists
   * the instances whose allocations the caller must delete.
   */
  selectDestinations(input: SelectDestinationsInput, io?: SchedulerIo): Promise<Selection[][]>;
}

const alwaysClaim: Claim = () => true;

/** Builds the plugins once (unknown names throw SchedulerHostFilterNotFound) and returns the scheduler. */
export function createScheduler(
  input: SchedulerOptionsInput = {},
  registries: SchedulerRegistries = createInTreeRegistries(),
): Scheduler {
  const options = resolveSchedulerOptions(input);
  const filters = registries.filters.build(options.filter_scheduler.enabled_filters, options);
  const weighers = registries.weighers.build(options.filter_scheduler.weight_classes, options);
  return {
    options,
    filters,
    weighers,
    selectDestinations: (request, io = {}) => schedule(options, filters, weighers, request, io),
  };
}

async function schedule(
  options: SchedulerOptions,
  filters: readonly HostFilter[],
  weighers: readonly HostWeigher[],
  { spec: requestSpec, instanceUuids, hosts }: SelectDestinationsInput,
  io: SchedulerIo,
): Promise<Selection[][]> {
  let spec = requestSpec;
  const claim = io.claim ?? alwaysClaim;
  const rng = io.rng ?? seededRng(instanceUuids[0] ?? spec.instance_uuid);
  const order = options.filter_scheduler;
  const current = hosts.slice();
  const n = current.length;
  const tally = new FilterTally();
  const slots = new Int32Array(n);
  const weights = new Float64Array(n);
  const scratch = new Float64Array(n * weighers.length);
  const taken = new Uint8Array(n);
  const { length: start, skipFilters } = matchRequestedHosts(current, spec, slots, tally);
  let length = start;
  const chosen: number[] = [];
  const claimed: string[] = [];
  // The claim-time order of the last instance: Nova takes a lone instance's alternates from it.
  let visited: number[] = [];
  let next: () => number = () => -1;

  for (let index = 0; index < instanceUuids.length; index++) {
    const uuid = instanceUuids[index] as string;
    if (!skipFilters)
      length = filterSlots(current, slots, length, activeFilters(filters, spec, index), spec, tally);
    weighSlots(current, slots, length, weighers, spec, weights, scratch);
    next = sortedPositions(weights, length, order, rng, taken);
    visited = [];
    let picked = -1;
    for (let pos = next(); pos !== -1; pos = next()) {
      visited.push(pos);
      const host = current[slots[pos] as number] as HostState;
      const result = claim(host, host.allocation_requests[0] ?? null, uuid);
      if (typeof result === 'boolean' ? result : await result) {
        picked = slots[pos] as number;
        break;
      }
    }
    if (picked === -1) {
      if (length > 0) for (let i = 0; i < length; i++) tally.record(CLAIM_STEP, REASON_CLAIM_FAILED);
      throw new NoValidHostWithClaims(diagnose(tally, n, 0), claimed);
    }
    chosen.push(picked);
    claimed.push(uuid);
    current[picked] = consumeFromRequest(current[picked] as HostState, spec, uuid);
    spec = withGroupHost(spec, (current[picked] as HostState).host, uuid);
  }

  const numAlts = options.scheduler.max_attempts - 1;
  if (numAlts > 0 && instanceUuids.length > 1) {
    // NOTE(nova): the claimed hosts changed, so filter and weigh again before picking alternates.
    const index = instanceUuids.length - 1;
    if (!skipFilters) {
      length = filterSlots(
        current,
        slots,
        length,
        activeFilters(filters, spec, index),
        spec,
        new FilterTally(),
      );
    }
    weighSlots(current, slots, length, weighers, spec, weights, scratch);
    next = sortedPositions(weights, length, order, rng, taken);
    visited = [];
  }
  return buildSelections(current, slots, chosen, numAlts, visited, next);
}

/**
 * Nova's `_consume_selected_host` for server groups: the chosen host joins
 * the group's hosts (and the instance its members) so that the next
 * instance of an affinity group follows it. A new spec; the input is kept.
 */
export function withGroupHost(spec: RequestSpec, host: string, instanceUuid: string): RequestSpec {
  const group = spec.instance_group;
  if (!group) return spec;
  return {
    ...spec,
    instance_group: {
      ...group,
      hosts: group.hosts.includes(host) ? group.hosts : [...group.hosts, host],
      members: group.members.includes(instanceUuid) ? group.members : [...group.members, instanceUuid],
    },
  };
}

/** Nova's `_get_alternate_hosts`: alternates are unclaimed hosts of the chosen host's cell. */
function buildSelections(
  hosts: readonly HostState[],
  slots: Int32Array,
  chosen: readonly number[],
  numAlts: number,
  ordered: number[],
  next: () => number,
): Selection[][] {
  const json = new Map<AllocationRequest, string>();
  const selectedUuids = new Set<string>();
  for (const i of chosen) selectedUuids.add((hosts[i] as HostState).uuid);
  let exhausted = false;
  return chosen.map((i) => {
    const host = hosts[i] as HostState;
    const out = [toSelection(host, json)];
    for (let k = 0; out.length <= numAlts; k++) {
      if (k === ordered.length) {
        const pos = exhausted ? -1 : next();
        if (pos === -1) {
          exhausted = true;
          break;
        }
        ordered.push(pos);
      }
      const alt = hosts[slots[ordered[k] as number] as number] as HostState;
      if (alt.cell_uuid === host.cell_uuid && !selectedUuids.has(alt.uuid)) out.push(toSelection(alt, json));
    }
    return out;
  });
}

function toSelection(host: HostState, json: Map<AllocationRequest, string>): Selection {
  const request = host.allocation_requests[0];
  let text: string | null = null;
  if (request !== undefined) {
    text = json.get(request) ?? JSON.stringify(request);
    json.set(request, text);
  }
  return {
    service_host: host.host,
    nodename: host.nodename,
    compute_node_uuid: host.uuid,
    cell_uuid: host.cell_uuid,
    allocation_request: text,
    allocation_request_version: text === null ? null : ALLOCATION_REQUEST_VERSION,
  };
}

/**
 * Nova's `get_filtered_hosts` prelude: drop `ignore_hosts`, keep only
 * `force_hosts` / `force_nodes` (case-insensitive). Forcing skips the
 * filters unless the request is a move check (`_nova_check_type`).
 */
function matchRequestedHosts(
  hosts: readonly HostState[],
  spec: RequestSpec,
  slots: Int32Array,
  tally: FilterTally,
): { length: number; skipFilters: boolean } {
  const ignore = lowerSet(spec.ignore_hosts);
  const forceHosts = lowerSet(spec.force_hosts);
  const forceNodes = lowerSet(spec.force_nodes);
  let length = 0;
  for (let i = 0; i < hosts.length; i++) {
    const host = hosts[i] as HostState;
    if (ignore?.has(host.host.toLowerCase())) tally.record('ignore_hosts', REASON_HOST_IGNORED);
    else if (forceHosts !== null && !forceHosts.has(host.host.toLowerCase()))
      tally.record('force_hosts', REASON_HOST_NOT_FORCED);
    else if (forceNodes !== null && !forceNodes.has(host.nodename.toLowerCase()))
      tally.record('force_nodes', REASON_NODE_NOT_FORCED);
    else slots[length++] = i;
  }
  const forcing = forceHosts !== null || forceNodes !== null;
  const checkType = spec.scheduler_hints._nova_check_type !== undefined || isRebuild(spec);
  return { length, skipFilters: forcing && !checkType && length > 0 };
}

function lowerSet(names: readonly string[]): Set<string> | null {
  return names.length === 0 ? null : new Set(names.map((name) => name.toLowerCase()));
}
