/**
 * Nova's `migrations` row: one per resize, cold migration, live migration or
 * evacuation. Placement holds the source host's allocation under the
 * migration's uuid while the move is in progress (Nova's move claims), so
 * that the instance's own consumer can claim the destination.
 */

export type MigrationType = 'migration' | 'resize' | 'live-migration' | 'evacuation';

/** Nova's migration statuses the actions here use. */
export type MigrationStatus =
  | 'pre-migrating'
  | 'migrating'
  | 'post-migrating'
  | 'finished'
  | 'confirming'
  | 'confirmed'
  | 'reverting'
  | 'reverted'
  | 'running'
  | 'preparing'
  | 'queued'
  | 'completed'
  | 'cancelled'
  | 'failed'
  | 'error'
  | 'done'
  | 'accepted';

export interface Migration {
  readonly id: number;
  readonly uuid: string;
  readonly instance_uuid: string;
  readonly source_compute: string | null;
  readonly dest_compute: string | null;
  readonly source_node: string | null;
  readonly dest_node: string | null;
  readonly dest_host: string | null;
  readonly old_instance_type_id: number | null;
  readonly new_instance_type_id: number | null;
  readonly status: MigrationStatus;
  readonly migration_type: MigrationType;
  readonly project_id: string | null;
  readonly user_id: string | null;
  readonly created_at: string;
  readonly updated_at: string | null;
  readonly memory_total: number | null;
  readonly memory_processed: number | null;
  readonly memory_remaining: number | null;
  readonly disk_total: number | null;
  readonly disk_processed: number | null;
  readonly disk_remaining: number | null;
}

/**
 * The memory and disk counters of a migration no driver has reported
 * progress for yet: all null, as Nova creates the row.
 */
export const MIGRATION_PROGRESS_UNREPORTED = {
  memory_total: null,
  memory_processed: null,
  memory_remaining: null,
  disk_total: null,
  disk_processed: null,
  disk_remaining: null,
} as const satisfies Partial<Migration>;

export interface MigrationListQuery {
  readonly instance_uuid?: string;
  readonly host?: string;
  readonly status?: string;
  readonly migration_type?: MigrationType;
  readonly project_id?: string;
  readonly user_id?: string;
  readonly changes_since?: string;
}
