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
import { activeFilters, filterSlots, firstRejection, isRebuild } from './pipeline.js';
import { sortedPositions } from './ranked-order.js';
import { createInTreeRegistries, type SchedulerRegistries } from './registry.js';
import { type Rng, seededRng } from './rng.js';
import type { HostWeigher } from './weigher.js';
import { WeighingWorkspace } from './weighing-workspace.js';

/** Placement microversion of the allocation requests in selections (Nova asks at 1.36). */
export const ALLOCATION_REQUEST_VERSION = '1.36';
export const CLAIM_STEP = 'claim';
export const REASON_CLAIM_FAILED = 'placement claim failed';
export const REASON_HOST_IGNORED = 'host ignored';
export const REASON_HOST_NOT_FORCED = 'host not forced';
export const REASON_NODE_NOT_FORCED = 'node not forced';
export const REASON_NOT_REQUESTED_DESTINATION = 'not the requested destination';

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
  // NOTE(speed): buffers are reused across requests; overlapping requests (awaiting a claim) take their own.
  const pool: Workspace[] = [];
  return {
    options,
    filters,
    weighers,
    async selectDestinations(request, io = {}) {
      const workspace = pool.pop() ?? new Workspace();
      try {
        return await schedule(options, filters, weighers, request, io, workspace);
      } finally {
        workspace.weighing.release();
        pool.push(workspace);
      }
    },
  };
}

/** The buffers of one request in flight. */
class Workspace {
  slots = new Int32Array(0);
  taken = new Uint8Array(0);
  readonly weighing = new WeighingWorkspace();

  reserve(n: number): void {
    if (this.slots.length < n) {
      this.slots = new Int32Array(n);
      this.taken = new Uint8Array(n);
    }
  }
}

async function schedule(
  options: SchedulerOptions,
  filters: readonly HostFilter[],
  weighers: readonly HostWeigher[],
  { spec: requestSpec, instanceUuids, hosts }: SelectDestinationsInput,
  io: SchedulerIo,
  workspace: Workspace,
): Promise<Selection[][]> {
  let spec = requestSpec;
  const claim = io.claim ?? alwaysClaim;
  const rng = io.rng ?? seededRng(instanceUuids[0] ?? spec.instance_uuid);
  const order = options.filter_scheduler;
  const numAlts = options.scheduler.max_attempts - 1;
  const count = instanceUuids.length;
  // NOTE(speed): a claimed host is consumed only if a later pass reads it: the
  // next instance's, or the alternates' pass of a multi-create. A selection
  // reads only names and allocation requests, which consuming leaves alone.
  const finalPass = numAlts > 0 && count > 1;
  const current = count > 1 ? hosts.slice() : (hosts as HostState[]);
  const n = current.length;
  const tally = new FilterTally();
  workspace.reserve(n);
  const { slots, taken, weighing } = workspace;
  const { length: start, skipFilters } = matchRequestedHosts(current, spec, slots, tally);
  let length = start;
  // The spec of the last pass and the position consumed since, for the incremental pass.
  let passSpec: RequestSpec | null = null;
  let changed = -1;
  const pass = (index: number, passTally: FilterTally): Float64Array => {
    if (passSpec === spec && changed !== -1) {
      // NOTE(speed): filters and weighers are pure and the spec is the same, so
      // only the consumed host can change its verdict or raw weights; the later
      // instances' filters are a subset of the first one's.
      const pos = changed;
      changed = -1;
      const host = current[slots[pos] as number] as HostState;
      if (skipFilters || firstRejection(host, activeFilters(filters, spec, index), spec, passTally) === null)
        return weighing.reweigh(pos);
      slots.copyWithin(pos, pos + 1, length);
      length--;
      return weighing.weigh(current, slots, length, weighers, spec);
    }
    if (!skipFilters)
      length = filterSlots(current, slots, length, activeFilters(filters, spec, index), spec, passTally);
    passSpec = spec;
    changed = -1;
    return weighing.weigh(current, slots, length, weighers, spec);
  };
  const chosen: number[] = [];
  const claimed: string[] = [];
  // The claim-time order of the last instance: Nova takes a lone instance's alternates from it.
  let visited: number[] = [];
  let next: () => number = () => -1;

  for (let index = 0; index < count; index++) {
    const uuid = instanceUuids[index] as string;
    const weights = pass(index, tally);
    next = sortedPositions(weights, length, order, rng, taken);
    visited = [];
    let picked = -1;
    for (let pos = next(); pos !== -1; pos = next()) {
      visited.push(pos);
      const host = current[slots[pos] as number] as HostState;
      const result = claim(host, host.allocation_requests[0] ?? null, uuid);
      if (typeof result === 'boolean' ? result : await result) {
        picked = pos;
        break;
      }
    }
    if (picked === -1) {
      if (length > 0) for (let i = 0; i < length; i++) tally.record(CLAIM_STEP, REASON_CLAIM_FAILED);
      throw new NoValidHostWithClaims(diagnose(tally, n, 0), claimed);
    }
    const slot = slots[picked] as number;
    chosen.push(slot);
    claimed.push(uuid);
    if (index === count - 1 && !finalPass) break;
    current[slot] = consumeFromRequest(current[slot] as HostState, spec, uuid, options.pci.alias);
    changed = picked;
    spec = withGroupHost(spec, (current[slot] as HostState).host, uuid);
  }

  if (finalPass) {
    // NOTE(nova): the claimed hosts changed, so filter and weigh again before picking alternates.
    const weights = pass(count - 1, new FilterTally());
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
  const destination = spec.requested_destination;
  let length = 0;
  for (let i = 0; i < hosts.length; i++) {
    const host = hosts[i] as HostState;
    if (ignore?.has(host.host.toLowerCase())) tally.record('ignore_hosts', REASON_HOST_IGNORED);
    else if (forceHosts !== null && !forceHosts.has(host.host.toLowerCase()))
      tally.record('force_hosts', REASON_HOST_NOT_FORCED);
    else if (forceNodes !== null && !forceNodes.has(host.nodename.toLowerCase()))
      tally.record('force_nodes', REASON_NODE_NOT_FORCED);
    else if (!isRequestedDestination(host, destination))
      tally.record('requested_destination', REASON_NOT_REQUESTED_DESTINATION);
    else slots[length++] = i;
  }
  const forcing = forceHosts !== null || forceNodes !== null;
  const checkType = spec.scheduler_hints._nova_check_type !== undefined || isRebuild(spec);
  return { length, skipFilters: forcing && !checkType && length > 0 };
}

/**
 * Nova narrows the allocation candidates to a requested destination's
 * compute node (`in_tree`) and still filters them: only that host/node stays.
 */
function isRequestedDestination(host: HostState, d: RequestSpec['requested_destination']): boolean {
  if (!d) return true;
  if (d.host !== undefined && d.host !== host.host) return false;
  if (d.node !== undefined && d.node !== host.nodename) return false;
  return true;
}

function lowerSet(names: readonly string[]): Set<string> | null {
  return names.length === 0 ? null : new Set(names.map((name) => name.toLowerCase()));
}
