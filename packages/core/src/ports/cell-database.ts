/**
 * Repositories of one cell database (nova, nova_cell0, ...): instances,
 * their faults, compute nodes and services. Only the conductor and the API
 * write here; compute hosts go through the conductor.
 */

import type { InstanceRegexFilters } from '../compute/instance-list-filters.js';
import type { InstanceTagFilters } from '../compute/instance-tag-filters.js';
import type { TaskState } from '../compute/task-state.js';
import type { VmState } from '../compute/vm-state.js';
import type { ComputeNode } from '../objects/compute-node.js';
import type { ConsoleAuthTokenRecord } from '../objects/console-auth-token.js';
import type { Instance, InstanceFault } from '../objects/instance.js';
import type { InstanceActionEvent, InstanceActionRecord } from '../objects/instance-action.js';
import type { Migration, MigrationListQuery } from '../objects/migration.js';
import type { Service } from '../objects/service.js';
import type { SystemMetadataRepository } from './ec2-records.js';
import type { TaskLogRepository } from './task-log-repository.js';

export interface InstanceListQuery extends InstanceTagFilters, InstanceRegexFilters {
  /** null or undefined: every project (admin with all_tenants). */
  readonly project_id?: string | null;
  readonly user_id?: string;
  readonly uuids?: readonly string[];
  readonly host?: string;
  readonly vm_states?: readonly VmState[];
  /** Exact image_ref match (the `image` filter). */
  readonly image_ref?: string;
  /** Exact flavor (`instance_type_id`, the flavor's internal id; the `flavor` filter). */
  readonly instance_type_id?: number;
  /** Exact task_state match (null: no task). */
  readonly task_states?: readonly (TaskState | null)[];
  /** Regex match on display_name, as Nova's `name` filter. */
  readonly name?: string;
  /** Include soft-deleted rows. */
  readonly deleted?: boolean;
  /** Only locked (true) or unlocked (false) instances (2.73). */
  readonly locked?: boolean;
  /** updated_at >= this ISO time; also returns deleted rows, as Nova. */
  readonly changes_since?: string;
  /** updated_at <= this ISO time (2.66); also returns deleted rows, as Nova. */
  readonly changes_before?: string;
  readonly sort_keys?: readonly string[];
  readonly sort_dirs?: readonly ('asc' | 'desc')[];
  readonly limit?: number;
  /** uuid of the last instance already seen; rejects with InvalidInput when unknown. */
  readonly marker?: string;
}

/** A guarded update: applied only while the instance is still in one of these states. */
export interface ExpectedState {
  readonly task_state?: readonly (TaskState | null)[];
  readonly vm_state?: readonly VmState[];
}

/** One user's share of a project's instances (InstanceRepository.countByUser). */
export interface InstanceCountByUser {
  readonly user_id: string;
  readonly instances: number;
  /** Sum of the instances' vcpus. */
  readonly cores: number;
  /** Sum of the instances' memory_mb. */
  readonly ram: number;
}

export type InstanceUpdate = Partial<Omit<Instance, 'uuid' | 'created_at'>>;

export interface InstanceRepository {
  create(instance: Instance): Promise<void>;
  /** Resolves null when missing (or soft-deleted, unless readDeleted). */
  get(uuid: string, opts?: { readDeleted?: boolean }): Promise<Instance | null>;
  list(query: InstanceListQuery): Promise<Instance[]>;
  /**
   * Applies `values` and bumps updated_at. With `expected`, the write is atomic
   * with the check and rejects with a Conflict (`compute.instance.unexpected_state`)
   * when the row moved on; rejects with InstanceNotFound when missing.
   */
  update(uuid: string, values: InstanceUpdate, expected?: ExpectedState): Promise<Instance>;
  /**
   * `update` for a caller that does not need the saved row: the same guarded
   * write and the same rejections, without reading the row back (on MariaDB
   * that read is a statement of its own).
   */
  apply(uuid: string, values: InstanceUpdate, expected?: ExpectedState): Promise<void>;
  /**
   * The project's instances that are not deleted, counted per user in SQL
   * (Nova's `InstanceList.get_counts`): how many, and the sum of their vcpus
   * and memory_mb. Rows whose uuid is in `excludeUuids` are left out (the
   * quota engine counts those from their build requests).
   */
  countByUser(projectId: string, excludeUuids?: readonly string[]): Promise<InstanceCountByUser[]>;
  /**
   * Marks the row deleted (vm_state deleted, deleted_at set); idempotent.
   * `last` is written in the same statement (a compute host's final power
   * state and terminated_at); a row already deleted or gone is left alone.
   */
  softDelete(uuid: string, last?: InstanceUpdate): Promise<void>;
  addFault(fault: InstanceFault): Promise<void>;
  /** The newest fault per instance. */
  latestFaults(uuids: readonly string[]): Promise<Map<string, InstanceFault>>;
}

export interface ComputeNodeRepository {
  /** Inserts or updates by uuid. */
  save(node: ComputeNode): Promise<ComputeNode>;
  get(uuid: string): Promise<ComputeNode | null>;
  list(query?: { host?: string; limit?: number; marker?: string }): Promise<ComputeNode[]>;
  delete(uuid: string): Promise<void>;
  /**
   * Sets Nova's `compute_nodes.mapped` flag (discover_hosts sets it, delete_host
   * and delete_cell --force clear it) on the nodes of `host`, or on every node
   * when `host` is null. Resolves the number of nodes changed.
   */
  setMapped?(host: string | null, mapped: boolean): Promise<number>;
}

export interface ServiceRepository {
  /** Creates the row for host+binary, or returns the existing one (a restart). */
  register(host: string, binary: string, topic: string | null, version: number): Promise<Service>;
  /** Records liveness: bumps report_count and updated_at. */
  heartbeat(id: number): Promise<void>;
  list(query?: { host?: string; binary?: string }): Promise<Service[]>;
  get(id: number): Promise<Service | null>;
  update(
    id: number,
    patch: Partial<Pick<Service, 'disabled' | 'disabled_reason' | 'forced_down'>>,
  ): Promise<Service>;
  delete(id: number): Promise<void>;
}

/** What one archive pass moved (Nova's `db.archive_deleted_rows` result). */
export interface ArchiveResult {
  /** Rows moved per table, counting rows that followed their instance (faults). */
  readonly tables: Readonly<Record<string, number>>;
  /** Uuids of the instances moved, whose API records (mappings, specs) go next. */
  readonly instanceUuids: readonly string[];
  /** Every row moved, compared against max_rows. */
  readonly total: number;
}

/**
 * The shadow tables of a cell database: `nova-manage db archive_deleted_rows`
 * moves soft-deleted rows into `shadow_<table>` and `db purge` empties them.
 */
export interface DeletedRowArchive {
  /**
   * Moves up to `maxRows` soft-deleted rows (deleted before `before`, an ISO
   * time, when given) into the shadow tables, each instance together with the
   * rows that refer to it, in one transaction per table. Mirrors Nova's
   * `db.archive_deleted_rows`; a second call continues where this one stopped.
   */
  archiveDeletedRows(opts: { readonly maxRows: number; readonly before?: string }): Promise<ArchiveResult>;
  /**
   * Deletes shadow rows (all, or those whose deleted_at/updated_at/created_at
   * is older than `before`), reporting each table through `onStatus` in Nova's
   * words. Resolves the number of rows deleted. Mirrors `purge_shadow_tables`.
   */
  purgeShadowTables(opts: {
    readonly before?: string;
    readonly onStatus?: (message: string) => void;
  }): Promise<number>;
}

/** Instance actions and their events (os-instance-actions). */
export interface InstanceActionRepository {
  /** Records the start of an action (Nova's `InstanceAction.action_start`); idempotent per request id. */
  start(action: Omit<InstanceActionRecord, 'finish_time' | 'message' | 'updated_at'>): Promise<void>;
  /** Every action of an instance, newest first. */
  list(instanceUuid: string): Promise<InstanceActionRecord[]>;
  /** Resolves null when the instance has no action with that request id. */
  get(instanceUuid: string, requestId: string): Promise<InstanceActionRecord | null>;
  /** The events of one action, oldest first. */
  events(instanceUuid: string, requestId: string): Promise<InstanceActionEvent[]>;
  /**
   * Starts an event of the action `requestId` (Nova's `event_start`); creates
   * the action when the API did not (periodic tasks).
   */
  eventStart(
    instanceUuid: string,
    requestId: string,
    event: { readonly event: string; readonly host: string | null; readonly start_time: string },
  ): Promise<void>;
  /** Finishes the event with 'Success' or 'Error'; an error also marks the action's message 'Error'. */
  eventFinish(
    instanceUuid: string,
    requestId: string,
    event: {
      readonly event: string;
      readonly finish_time: string;
      readonly result: 'Success' | 'Error';
      readonly traceback?: string | null;
    },
  ): Promise<void>;
}

/** Migration records of a cell (os-migrations, servers/{id}/migrations). */
export interface MigrationRepository {
  create(migration: Omit<Migration, 'id' | 'created_at' | 'updated_at'>): Promise<Migration>;
  /** Resolves null when missing. */
  get(id: number): Promise<Migration | null>;
  getByUuid(uuid: string): Promise<Migration | null>;
  /** Newest first. */
  list(query: MigrationListQuery): Promise<Migration[]>;
  update(id: number, patch: Partial<Omit<Migration, 'id' | 'uuid' | 'created_at'>>): Promise<Migration>;
}

/** Nova's `console_auth_tokens` table (ConsoleAuthToken object): console tokens, stored hashed. */
export interface ConsoleAuthTokenRepository {
  /** Stores a new authorization; the hash is unique (a clash rejects). */
  create(record: ConsoleAuthTokenRecord): Promise<void>;
  /** The authorization whose hash is `tokenHash` and that expires after `now` (Unix s), else null. */
  getValid(tokenHash: string, now: number): Promise<ConsoleAuthTokenRecord | null>;
  /** Removes every token of the instance (deleted or moved); resolves how many. */
  deleteForInstance(instanceUuid: string): Promise<number>;
  /** Removes tokens expired at `now` (of one host, when given); Nova's periodic clean-up. */
  deleteExpired(now: number, host?: string): Promise<number>;
}

/** One cell database. */
export interface CellDatabase {
  readonly instances: InstanceRepository;
  readonly computeNodes: ComputeNodeRepository;
  readonly services: ServiceRepository;
  readonly instanceActions: InstanceActionRepository;
  readonly migrations: MigrationRepository;
  readonly consoleAuthTokens: ConsoleAuthTokenRepository;
  /** Shadow tables, present on databases synced by Novats' own migrations. */
  readonly archive?: DeletedRowArchive;
  /** Nova's instance_system_metadata (the guest password, ...). */
  readonly systemMetadata: SystemMetadataRepository;
  /** Nova's task_log (the usage audit's periods). */
  readonly taskLogs: TaskLogRepository;
  close(): Promise<void>;
}
