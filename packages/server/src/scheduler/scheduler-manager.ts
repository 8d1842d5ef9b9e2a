/**
 * nova-scheduler's select_destinations: ask placement for candidates, build
 * host states, filter and weigh them in core, claim in placement, and hand
 * back each instance's host with its alternates. Claims made for a request
 * that cannot be fully placed are given back before NoValidHost is raised.
 */
import type {
  AllocationRequest,
  HostAggregate,
  HostState,
  Logger,
  PlacementClient,
  RequestContext,
  RpcEndpoint,
  SchedulerOptions,
  SchedulerOptionsInput,
  Selection,
} from '@novats/core';
import {
  createScheduler,
  NoValidHost,
  resolveSchedulerOptions,
  runRequestFilters,
  silentLogger,
} from '@novats/core';
import type { SelectDestinationsArgs } from '../rpc/scheduler-rpcapi.js';
import { ClaimLedger } from './claim-ledger.js';
import type { HostManager } from './host-manager.js';
import { resourceQuery } from './resource-request.js';

export class SchedulerManager {
  readonly #scheduler;
  readonly #limit: number;
  readonly #options: SchedulerOptions;
  /** Claims of this process that placement's answers may not show yet (see ClaimLedger). */
  readonly #ledger = new ClaimLedger();

  constructor(
    private readonly placement: PlacementClient,
    private readonly hosts: HostManager,
    options: SchedulerOptionsInput = {},
    private readonly log: Logger = silentLogger,
  ) {
    const resolved = resolveSchedulerOptions(options);
    this.#options = resolved;
    this.#scheduler = createScheduler(resolved);
    this.#limit = resolved.scheduler.max_placement_results;
  }

  /** Every host aggregate of the deployment, from the host manager's short-lived cache. */
  aggregates(): Promise<readonly HostAggregate[]> {
    return this.hosts.aggregates();
  }

  endpoint(): RpcEndpoint {
    return { select_destinations: (ctx, args: SelectDestinationsArgs) => this.selectDestinations(ctx, args) };
  }

  async selectDestinations(ctx: RequestContext, args: SelectDestinationsArgs): Promise<Selection[][]> {
    const { spec } = args;
    // Nova's prefilters turn the request into placement query terms (aggregates, root traits).
    const aggregates = await this.aggregates();
    const prefiltered = runRequestFilters(spec, { aggregates, options: this.#options });
    const since = this.#ledger.mark();
    const candidates = await this.placement.getAllocationCandidates(
      ctx,
      resourceQuery(spec, this.#limit, prefiltered),
    );
    if (candidates.allocation_requests.length === 0) {
      throw new NoValidHost('There are not enough hosts available.');
    }
    const states = await this.hosts.hostStates(candidates);
    // NOTE(consume): synchronous from here to the first claim, so every claim begun so far is counted.
    const hosts = this.#ledger.apply(states, since);
    this.log.debug('host states for the request', {
      candidates: Object.keys(candidates.provider_summaries).length,
      hosts: hosts.map((h) => `${h.host}(up=${h.service.is_up},free_ram_mb=${h.free_ram_mb})`),
    });
    const claimed: string[] = [];
    const owner = { project_id: spec.project_id, user_id: spec.user_id };
    try {
      const selections = await this.#scheduler.selectDestinations(
        { spec, instanceUuids: [...args.instance_uuids], hosts },
        {
          claim: async (_host: HostState, request, instanceUuid) => {
            if (!request) return true;
            const entry = this.#ledger.begin(request);
            let ok = false;
            try {
              ok = await this.#claim(ctx, instanceUuid, request, owner, args.replace_allocations === true);
            } finally {
              this.#ledger.settle(entry, ok);
            }
            if (ok) claimed.push(instanceUuid);
            return ok;
          },
        },
      );
      for (const [i, s] of selections.entries()) {
        this.hosts.noteInstancePlaced(s[0].service_host, args.instance_uuids[i]);
      }
      return args.return_alternates ? selections : selections.map((s) => s.slice(0, 1));
    } catch (err) {
      await Promise.allSettled(claimed.map((uuid) => this.placement.deleteAllocations(ctx, uuid)));
      throw err;
    }
  }

  async #claim(
    ctx: RequestContext,
    instanceUuid: string,
    request: AllocationRequest,
    owner: { project_id: string; user_id: string },
    replace: boolean,
  ): Promise<boolean> {
    if (await this.placement.claimResources(ctx, instanceUuid, request, owner, null)) return true;
    if (!replace) return false;
    // NOTE(redelivery): an earlier attempt of the same build holds a claim; move it here.
    const held = await this.placement.getAllocations(ctx, instanceUuid);
    const generation = held.consumer_generation ?? null;
    if (generation === null) return false;
    return this.placement.claimResources(ctx, instanceUuid, request, owner, generation);
  }
}
