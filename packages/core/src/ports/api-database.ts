/**
 * Repositories of the API database (nova_api): flavors, build requests,
 * request specs, host aggregates and the cells v2 mappings. Adapters only load and store rows;
 * rules live in core and in the services.
 */

import type { BuildRequest, CellMapping, HostMapping, InstanceMapping } from '../objects/api-records.js';
import type { Flavor } from '../objects/flavor.js';
import type { RequestSpec } from '../objects/request-spec.js';
import type { Ec2IdRepository, KeyPairRepository } from './ec2-records.js';
import type { InstanceGroupRepository } from './instance-group-repository.js';
import type { QuotaRepository } from './quota-repository.js';

export interface FlavorListQuery {
  /** true: public only; false: private only; null: both (admin). */
  readonly is_public?: boolean | null;
  /** With is_public true, also the private flavors this project was given access to. */
  readonly project_id?: string;
  readonly min_memory_mb?: number;
  readonly min_root_gb?: number;
  readonly sort_key?: string;
  readonly sort_dir?: 'asc' | 'desc';
  readonly limit?: number;
  /** flavorid of the last flavor already seen; rejects with InvalidInput when unknown. */
  readonly marker?: string;
}

export interface FlavorRepository {
  list(query: FlavorListQuery): Promise<Flavor[]>;
  /** Rejects with FlavorNotFound. */
  getByFlavorId(flavorid: string): Promise<Flavor>;
  /** Rejects with Conflict when the name or flavorid exists. */
  create(flavor: Omit<Flavor, 'id' | 'created_at' | 'updated_at'>): Promise<Flavor>;
  delete(flavorid: string): Promise<void>;
  /** Sets `description` (microversion 2.55); rejects with FlavorNotFound. */
  update(flavorid: string, patch: { readonly description: string | null }): Promise<Flavor>;
  /** Adds or overwrites extra specs (os-flavor-extra-specs); resolves the full set. */
  updateExtraSpecs(
    flavorid: string,
    specs: Readonly<Record<string, string>>,
  ): Promise<Record<string, string>>;
  /** Removes one extra spec; rejects with NotFound when the key is not set. */
  deleteExtraSpec(flavorid: string, key: string): Promise<void>;
  /** The projects given access to a private flavor (os-flavor-access). */
  listProjectAccess(flavorid: string): Promise<string[]>;
  /** Rejects with Conflict when the project already has access (Nova's FlavorAccessExists). */
  addProjectAccess(flavorid: string, projectId: string): Promise<void>;
  /** Rejects with NotFound when the project had no access (Nova's FlavorAccessNotFound). */
  removeProjectAccess(flavorid: string, projectId: string): Promise<void>;
}

export interface BuildRequestRepository {
  create(request: BuildRequest): Promise<void>;
  get(instanceUuid: string): Promise<BuildRequest | null>;
  list(query: { project_id?: string | null }): Promise<BuildRequest[]>;
  /** Resolves false when it was already gone (a concurrent delete won). */
  delete(instanceUuid: string): Promise<boolean>;
}

export interface RequestSpecRepository {
  save(spec: RequestSpec): Promise<void>;
  get(instanceUuid: string): Promise<RequestSpec | null>;
  delete(instanceUuid: string): Promise<void>;
  /** Deletes the specs of these instances; resolves how many existed (Nova's `destroy_bulk`). */
  deleteMany?(instanceUuids: readonly string[]): Promise<number>;
}

export interface InstanceMappingRepository {
  create(mapping: InstanceMapping): Promise<void>;
  get(instanceUuid: string): Promise<InstanceMapping | null>;
  list(query: { project_id?: string | null; cell_uuid?: string }): Promise<InstanceMapping[]>;
  setCell(instanceUuid: string, cellUuid: string): Promise<void>;
  setQueuedForDelete(instanceUuid: string, queued: boolean): Promise<void>;
  delete(instanceUuid: string): Promise<void>;
  /** Deletes the mappings of these instances; resolves how many existed (Nova's `destroy_bulk`). */
  deleteMany?(instanceUuids: readonly string[]): Promise<number>;
}

export interface CellMappingRepository {
  list(): Promise<CellMapping[]>;
  get(uuid: string): Promise<CellMapping | null>;
  /** Rejects with Conflict when the uuid exists. */
  create(cell: Omit<CellMapping, 'id'>): Promise<CellMapping>;
  update(uuid: string, patch: Partial<Omit<CellMapping, 'id' | 'uuid'>>): Promise<CellMapping>;
  delete(uuid: string): Promise<void>;
}

export interface HostMappingRepository {
  get(host: string): Promise<HostMapping | null>;
  list(query?: { cell_uuid?: string }): Promise<HostMapping[]>;
  /** Rejects with Conflict when the host is already mapped. */
  create(mapping: HostMapping): Promise<void>;
  delete(host: string): Promise<void>;
}

/** A cells v1 `cells` row, kept for `nova-manage cell create/list/delete`. */
export interface LegacyCell {
  readonly id: number;
  readonly name: string;
  readonly is_parent: boolean;
  readonly weight_offset: number;
  readonly weight_scale: number;
  readonly transport_url: string | null;
}

export interface LegacyCellRepository {
  /** Non-deleted cells, by id. */
  list(): Promise<LegacyCell[]>;
  /** Rejects with Conflict when a cell of that name exists. */
  create(cell: Omit<LegacyCell, 'id'>): Promise<LegacyCell>;
  /** Soft-deletes by name; resolves false when there was no such cell. */
  delete(name: string): Promise<boolean>;
}

/**
 * A host aggregate (Nova's `aggregates`, `aggregate_hosts` and
 * `aggregate_metadata` tables). Its availability zone is the metadata key
 * `availability_zone`, as in Nova.
 */
export interface Aggregate {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  /** Member hosts (compute service host names), sorted. */
  readonly hosts: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly created_at: string | null;
  readonly updated_at: string | null;
}

export interface AggregateRepository {
  /** Every aggregate, by id. */
  list(): Promise<Aggregate[]>;
  /** Rejects with NotFound (Nova's AggregateNotFound). */
  get(id: number): Promise<Aggregate>;
  /** Rejects with Conflict when the name is taken (Nova's AggregateNameExists). */
  create(aggregate: {
    readonly uuid: string;
    readonly name: string;
    readonly availability_zone?: string | null;
  }): Promise<Aggregate>;
  /**
   * Renames and/or sets the zone (null removes the `availability_zone` key);
   * rejects with NotFound or, for a taken name, Conflict.
   */
  update(
    id: number,
    patch: { readonly name?: string; readonly availability_zone?: string | null },
  ): Promise<Aggregate>;
  /** Removes the aggregate with its hosts and metadata; rejects with NotFound. */
  delete(id: number): Promise<void>;
  /** Rejects with NotFound, or Conflict when the host is already a member (AggregateHostExists). */
  addHost(id: number, host: string): Promise<Aggregate>;
  /** Rejects with NotFound when the aggregate or the membership is missing (AggregateHostNotFound). */
  removeHost(id: number, host: string): Promise<Aggregate>;
  /** Adds or overwrites keys; a null value deletes the key. Rejects with NotFound. */
  setMetadata(id: number, metadata: Readonly<Record<string, string | null>>): Promise<Aggregate>;
  /** The aggregates `host` is a member of, by id. */
  listByHost(host: string): Promise<Aggregate[]>;
}

/** One nova_api database. */
export interface ApiDatabase {
  readonly flavors: FlavorRepository;
  readonly buildRequests: BuildRequestRepository;
  readonly requestSpecs: RequestSpecRepository;
  readonly instanceMappings: InstanceMappingRepository;
  readonly cellMappings: CellMappingRepository;
  readonly hostMappings: HostMappingRepository;
  /** The cells v1 table, present on databases synced by Novats' own migrations. */
  readonly legacyCells?: LegacyCellRepository;
  /** Host aggregates, present on databases synced by Novats' own migrations. */
  readonly aggregates?: AggregateRepository;
  /** Key pairs (os-keypairs, EC2 key pairs, the metadata service's public keys). */
  readonly keyPairs: KeyPairRepository;
  /** EC2 integer ids of instances and images. */
  readonly ec2Ids: Ec2IdRepository;
  /** Quota limits of projects, users and quota classes (os-quota-sets, os-quota-class-sets). */
  readonly quotas: QuotaRepository;
  /** Server groups and their members (os-server-groups). */
  readonly instanceGroups: InstanceGroupRepository;
  close(): Promise<void>;
}
