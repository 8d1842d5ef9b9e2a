/**
 * Records of the API database (nova_api): where instances and hosts live
 * (cells v2 mappings) and the build requests of servers not yet in a cell.
 */
export interface CellMapping {
  readonly id: number;
  readonly uuid: string;
  readonly name: string | null;
  readonly transport_url: string;
  readonly database_connection: string;
  readonly disabled: boolean;
}

/** Nova's fixed uuid for cell0, where instances that failed to schedule live. */
export const CELL0_UUID = '00000000-0000-0000-0000-000000000000';

export interface HostMapping {
  readonly host: string;
  readonly cell_uuid: string;
}

export interface InstanceMapping {
  readonly instance_uuid: string;
  /** Null while the instance is still a build request. */
  readonly cell_uuid: string | null;
  readonly project_id: string;
  readonly user_id: string | null;
  readonly queued_for_delete: boolean;
  /** When the API accepted the instance; set by the repository on reads (2.69 shows it for down cells). */
  readonly created_at?: string;
}

/** A server accepted by the API but not yet written to a cell. */
export interface BuildRequest {
  readonly instance_uuid: string;
  readonly project_id: string;
  /** The instance as the API built it, before scheduling. */
  readonly instance: import('./instance.js').Instance;
  readonly created_at: string;
}
