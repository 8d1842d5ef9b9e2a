/** Image metadata as Glance v2 returns it (the subset Nova reads). */
export interface ImageMeta {
  readonly id: string;
  readonly name: string;
  readonly status: 'queued' | 'saving' | 'active' | 'killed' | 'deleted' | 'pending_delete' | 'deactivated';
  readonly visibility: 'public' | 'private' | 'shared' | 'community';
  readonly owner: string | null;
  readonly container_format: string;
  readonly disk_format: string;
  readonly size: number;
  readonly min_ram: number;
  readonly min_disk: number;
  readonly properties: Readonly<Record<string, string>>;
  readonly created_at: string;
  readonly updated_at: string;
}
