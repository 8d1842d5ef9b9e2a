/**
 * nova-scheduler's select_destinations: ask placement for candidates, build
 * host states, filter and weigh them in core, claim in placement, and hand
 * back each instance's host with its alternates. Claims made for a request
 * that cannot be fully placed are given back before NoValidHost is raised.
 */
import type {
  HostAggregate,
  HostState,
  PlacementClient,
  RequestContext,
  RpcEndpoint,
  SchedulerOptions,
  SchedulerOptionsInput,
  Selection,
} from '@novats/core';
import { createScheduler, NoValidHost, resolveSchedulerOptions, runRequestFilters } from '@novats/core';
import type { SelectDestinationsArgs } from '../rpc/scheduler-rpcapi.js';
import type { HostManager } from './host-manager.js';
import { resourceQuery } from './resource-request.js';

export class SchedulerManager {
  readonly #scheduler;
  readonly #limit: number;
  readonly #options: SchedulerOptions;

  constructor(
    private readonly placement: PlacementClient,
    private readonly hosts: HostManager,
    options: SchedulerOptionsInput = {},
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
    const candidates = await this.placement.getAllocationCandidates(
      ctx,
      resourceQuery(spec, this.#limit, prefiltered),
    );
    if (candidates.allocation_requests.length === 0) {
      throw new NoValidHost('There are not enough hosts available.');
    }
    const hosts = await this.hosts.hostStates(candidates);
    const claimed: string[] = [];
    const owner = { project_id: spec.project_id, user_id: spec.user_id };
    try {
      const selections = await this.#scheduler.selectDestinations(
        { spec, instanceUuids: [...args.instance_uuids], hosts },
        {
          claim: async (_host: HostState, request, instanceUuid) => {
            if (!request) return true;
            const ok = await this.placement.claimResources(ctx, instanceUuid, request, owner, null);
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
}
