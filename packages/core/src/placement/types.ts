/**
 * Placement's records: resource providers, their inventories and the
 * allocations that consumers (instances, migrations) hold against them.
 */

/** One resource class on one provider (Placement's inventory). */
export interface Inventory {
  readonly total: number;
  readonly reserved: number;
  readonly min_unit: number;
  readonly max_unit: number;
  readonly step_size: number;
  readonly allocation_ratio: number;
}

export interface ResourceProvider {
  readonly uuid: string;
  readonly name: string;
  readonly generation: number;
  readonly parent_provider_uuid: string | null;
  readonly root_provider_uuid: string;
  /** When the row was written; absent when the store does not date its records. */
  readonly created_at?: Date | null;
  /** When the row last changed (a generation bump counts); null when never. */
  readonly updated_at?: Date | null;
}

/** Resources by class, e.g. `{ VCPU: 1, MEMORY_MB: 512 }`. */
export type Resources = Readonly<Record<string, number>>;

/** One way to satisfy a request: what to take from which provider (1.12+ dict form). */
export interface AllocationRequest {
  readonly allocations: Readonly<Record<string, { readonly resources: Resources }>>;
  /** Request group suffix to providers that satisfied it (1.34+). */
  readonly mappings?: Readonly<Record<string, readonly string[]>>;
}

export interface ProviderSummary {
  readonly resources: Readonly<Record<string, { readonly capacity: number; readonly used: number }>>;
  readonly traits: readonly string[];
  readonly parent_provider_uuid: string | null;
  readonly root_provider_uuid: string;
}

export interface AllocationCandidates {
  readonly allocation_requests: readonly AllocationRequest[];
  readonly provider_summaries: Readonly<Record<string, ProviderSummary>>;
}

/** What a consumer holds, as GET /allocations/{consumer} returns it. */
export interface ConsumerAllocations {
  readonly allocations: Readonly<
    Record<string, { readonly generation: number; readonly resources: Resources }>
  >;
  readonly consumer_generation: number | null;
  readonly project_id?: string;
  readonly user_id?: string;
}
