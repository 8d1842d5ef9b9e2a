/**
 * What Nova's services ask of Placement (Nova's SchedulerReportClient).
 * The adapter speaks HTTP to a Placement API at the microversions Nova uses;
 * the scheduler and the compute resource tracker depend only on this port.
 */
import type { RequestContext } from '../context/request-context.js';
import type {
  AllocationCandidates,
  AllocationRequest,
  ConsumerAllocations,
  Inventory,
  ResourceProvider,
} from '../placement/types.js';

export interface AllocationCandidatesQuery {
  readonly resources: Readonly<Record<string, number>>;
  readonly required?: readonly string[];
  /** Each inner list is one `member_of=in:a,b` clause. */
  readonly member_of?: readonly (readonly string[])[];
  /** Aggregates the root provider must not be in (`member_of=!in:a,b`, 1.32). */
  readonly forbidden_aggregates?: readonly string[];
  /** Traits of the root provider, `!T` for forbidden ones (`root_required`, 1.35). */
  readonly root_required?: readonly string[];
  readonly in_tree?: string;
  readonly limit?: number;
}

export interface PlacementClient {
  getAllocationCandidates(
    ctx: RequestContext,
    query: AllocationCandidatesQuery,
  ): Promise<AllocationCandidates>;
  /**
   * Claims `request` for `consumerUuid` (PUT /allocations). Resolves true when
   * granted, false when capacity or a consumer generation conflict refused it;
   * provider generation conflicts are retried inside (up to 4 times, as Nova).
   */
  claimResources(
    ctx: RequestContext,
    consumerUuid: string,
    request: AllocationRequest,
    owner: { project_id: string; user_id: string },
    consumerGeneration: number | null,
  ): Promise<boolean>;
  getAllocations(ctx: RequestContext, consumerUuid: string): Promise<ConsumerAllocations>;
  /**
   * Moves every allocation of `source` to `target` in one POST /allocations
   * (Nova's `move_allocations`, used for move claims: the migration's
   * consumer takes the instance's source-host allocation and back). Resolves
   * false when `source` has nothing to move; retries consumer generation
   * conflicts a few times, then rejects.
   */
  moveAllocations(ctx: RequestContext, source: string, target: string): Promise<boolean>;
  /** Removes every allocation of the consumer; resolves also when it had none. */
  deleteAllocations(ctx: RequestContext, consumerUuid: string): Promise<void>;
  /** Creates the provider when missing; returns its current record. */
  ensureResourceProvider(
    ctx: RequestContext,
    uuid: string,
    name: string,
    parentUuid?: string | null,
  ): Promise<ResourceProvider>;
  /** Replaces the provider's inventory, retrying on generation conflicts. */
  setInventory(
    ctx: RequestContext,
    providerUuid: string,
    inventories: Readonly<Record<string, Inventory>>,
  ): Promise<void>;
  /** The provider's traits (GET …/traits); Nova reads them before adding or removing one. */
  getProviderTraits?(ctx: RequestContext, providerUuid: string): Promise<string[]>;
  /** Replaces the provider's traits, retrying on generation conflicts. */
  setTraits(ctx: RequestContext, providerUuid: string, traits: readonly string[]): Promise<void>;
  deleteResourceProvider(ctx: RequestContext, uuid: string): Promise<void>;
  /** The aggregate uuids the provider is a member of (GET …/aggregates). */
  getProviderAggregates?(ctx: RequestContext, providerUuid: string): Promise<string[]>;
  /**
   * Replaces the provider's aggregates (PUT …/aggregates, 1.19 generation).
   * With a function, it is re-applied to the fresh list on every generation
   * conflict, so adding or removing one aggregate never loses a concurrent change.
   */
  setProviderAggregates?(
    ctx: RequestContext,
    providerUuid: string,
    aggregates: readonly string[] | ((current: readonly string[]) => readonly string[]),
  ): Promise<void>;
}
