/**
 * The Placement database port: what the Placement API needs from storage.
 * Writers compare and bump generations (409 `placement.concurrent_update` on
 * a mismatch); a claim validates and writes in one transaction.
 */
import type { ProviderQuery } from './candidates.js';
import type { InventoryInput } from './inventory.js';
import type { RecordTimestamps } from './last-modified.js';
import type { ProviderIndex } from './provider-index.js';
import type { Inventory, ResourceProvider, Resources } from './types.js';

export interface ProviderInventories {
  readonly resource_provider_generation: number;
  readonly inventories: Readonly<Record<string, Inventory>>;
  /** Per resource class, when the inventory row was written and last changed. */
  readonly timestamps?: Readonly<Record<string, RecordTimestamps>>;
}

/** One consumer's allocations to write; an empty `allocations` removes them all. */
export interface ConsumerAllocationWrite {
  readonly consumer_uuid: string;
  /** Provider uuid -> resources. */
  readonly allocations: Readonly<Record<string, Resources>>;
  readonly project_id: string;
  readonly user_id: string;
  /** Expected consumer generation: null for a new consumer, undefined to skip the check (< 1.28). */
  readonly consumer_generation?: number | null;
  readonly consumer_type?: string;
}

export interface ConsumerRecord {
  readonly uuid: string;
  readonly project_id: string;
  readonly user_id: string;
  readonly generation: number;
  readonly consumer_type: string;
}

export interface ConsumerAllocationsView {
  readonly consumer: ConsumerRecord | null;
  /** Provider uuid -> provider generation and resources. */
  readonly allocations: Readonly<
    Record<string, { readonly generation: number; readonly resources: Resources }>
  >;
}

export interface UsagesQuery {
  readonly project_id: string;
  readonly user_id?: string;
  readonly consumer_type?: string;
}

export interface PlacementStore {
  /** Creates a provider (generation 0); 409 duplicate_name on a name or uuid clash. */
  createProvider(p: {
    uuid?: string;
    name: string;
    parent_provider_uuid?: string | null;
  }): Promise<ResourceProvider>;
  /** Undefined when there is no such provider. */
  getProvider(uuid: string): Promise<ResourceProvider | undefined>;
  /** Providers in creation order that match the query on their own. */
  listProviders(query: ProviderQuery): Promise<ResourceProvider[]>;
  /** Renames and/or re-parents; bumps the generation. */
  updateProvider(
    uuid: string,
    changes: { name: string; parent_provider_uuid?: string | null },
  ): Promise<ResourceProvider>;
  /** 409 inuse with allocations, cannot_delete_parent with children. */
  deleteProvider(uuid: string): Promise<void>;

  getInventories(uuid: string): Promise<ProviderInventories>;
  /** Replaces all inventories after comparing `generation`; returns the new state. */
  setInventories(
    uuid: string,
    generation: number,
    inventories: Readonly<Record<string, InventoryInput>>,
  ): Promise<ProviderInventories>;
  /** Adds, updates or removes (null) one class after comparing `generation`. */
  setInventory(
    uuid: string,
    generation: number | null,
    resourceClass: string,
    inventory: InventoryInput | null,
    mode: 'create' | 'update' | 'delete',
  ): Promise<ProviderInventories>;
  deleteInventories(uuid: string): Promise<void>;

  getProviderUsages(
    uuid: string,
  ): Promise<{ resource_provider_generation: number; usages: Record<string, number> }>;
  /** GET /usages: per class, or per consumer type with consumer_count when `byType`. */
  getUsages(q: UsagesQuery, byType: boolean): Promise<Record<string, any>>;

  getProviderTraits(uuid: string): Promise<{ resource_provider_generation: number; traits: string[] }>;
  setProviderTraits(
    uuid: string,
    generation: number,
    traits: readonly string[],
  ): Promise<{ resource_provider_generation: number; traits: string[] }>;
  deleteProviderTraits(uuid: string): Promise<void>;

  getProviderAggregates(
    uuid: string,
  ): Promise<{ resource_provider_generation: number; aggregates: string[] }>;
  /** `generation` undefined skips the check (< 1.19). */
  setProviderAggregates(
    uuid: string,
    generation: number | undefined,
    aggregates: readonly string[],
  ): Promise<{ resource_provider_generation: number; aggregates: string[] }>;

  getProviderAllocations(uuid: string): Promise<{
    resource_provider_generation: number;
    allocations: Record<string, { resources: Record<string, number> }>;
  }>;
  getConsumerAllocations(consumerUuid: string): Promise<ConsumerAllocationsView>;
  /** Validates and writes all the consumers' allocations atomically. */
  replaceAllocations(writes: readonly ConsumerAllocationWrite[]): Promise<void>;
  /**
   * POST /reshaper (1.30): replaces the inventories of several providers and
   * the allocations of several consumers in one transaction, so allocations
   * can move between providers while inventories move with them.
   */
  reshape(
    inventories: Readonly<
      Record<string, { generation: number; inventories: Readonly<Record<string, InventoryInput>> }>
    >,
    writes: readonly ConsumerAllocationWrite[],
  ): Promise<void>;
  /** False when the consumer had no allocations. */
  deleteConsumerAllocations(consumerUuid: string): Promise<boolean>;

  listTraits(filter: {
    names?: readonly string[];
    startswith?: string;
    associated?: boolean;
  }): Promise<string[]>;
  traitExists(name: string): Promise<boolean>;
  /** True when created, false when it existed. */
  createTrait(name: string): Promise<boolean>;
  deleteTrait(name: string): Promise<void>;

  listResourceClasses(): Promise<string[]>;
  resourceClassExists(name: string): Promise<boolean>;
  /** True when created, false when it existed. */
  createResourceClass(name: string): Promise<boolean>;
  renameResourceClass(name: string, newName: string): Promise<void>;
  deleteResourceClass(name: string): Promise<void>;

  /**
   * The newest `updated_at` (else `created_at`) among the named traits or
   * resource classes (all of them when `names` is omitted); null when none
   * matched. Optional: without it answers are dated now.
   */
  catalogLastModified?(
    catalog: 'traits' | 'resource_classes',
    names?: readonly string[],
  ): Promise<Date | null>;

  /** A fresh snapshot of every provider (rebuilt only when something changed). */
  loadIndex(): Promise<ProviderIndex>;
  close(): Promise<void>;
}
