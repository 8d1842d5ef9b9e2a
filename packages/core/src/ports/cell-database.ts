/**
 * Repositories of one cell database (nova, nova_cell0, ...): instances,
 * their faults, compute nodes and services. Only the conductor and the API
 * write here; compute hosts go through the conductor.
 */
import type { TaskState } from '../compute/task-state.js';
import type { VmState } from '../compute/vm-state.js';
import type { ComputeNode } from '../objects/compute-node.js';
import type { Instance, InstanceFault } from '../objects/instance.js';
import type { Service } from '../objects/service.js';

export interface InstanceListQuery {
  /** null or undefined: every project (admin with all_tenants). */
  readonly project_id?: string | null;
  readonly user_id?: string;
  readonly uuids?: readonly string[];
  readonly host?: string;
  readonly vm_states?: readonly VmState[];
  /** Regex match on display_name, as Nova's `name` filter. */
  readonly name?: string;
  /** Include soft-deleted rows. */
  readonly deleted?: boolean;
  /** updated_at >= this ISO time; also returns deleted rows, as Nova. */
  readonly changes_since?: string;
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
  /** Marks the row deleted (vm_state deleted, deleted_at set); idempotent. */
  softDelete(uuid: string): Promise<void>;
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

/** One cell database. */
export interface CellDatabase {
  readonly instances: InstanceRepository;
  readonly computeNodes: ComputeNodeRepository;
  readonly services: ServiceRepository;
  close(): Promise<void>;
}
