/**
 * The host side of createImage and createBackup (Nova's `snapshot_instance`
 * and `backup_instance`): the virt driver copies the guest's disk, the
 * task_state walks core's table (image_snapshot or image_backup, then
 * image_pending_upload, image_uploading, None) and the bytes go to the image
 * record the API created, through the ImageService port. A failure deletes
 * that image (Nova's `delete_image_on_error`); a backup then deletes the
 * oldest backups of its type beyond `rotation` (Nova's `_rotate_backups`).
 */
import type { ImageMeta, ImageService, Instance, RequestContext } from '@novats/core';
import { snapshotPayloadVariant, TaskState } from '@novats/core';
import type { InstanceActionArgs } from '../rpc/compute-rpcapi.js';
import { type ActionRunnerDeps, runInstanceAction } from './instance-action-runner.js';

export interface SnapshotDeps extends ActionRunnerDeps {
  /** The image service, opened on first use (a compute host that never snapshots never opens it). */
  readonly images: () => Promise<ImageService>;
}

/** What the API casts with `snapshot_instance` / `backup_instance`. */
export interface SnapshotArgs extends InstanceActionArgs {
  readonly instance: Instance;
  readonly image_id: string;
  readonly backup_type?: string;
  readonly rotation?: number;
}

/** Nova's `context.elevated()`: the upload and cleanup act as admin on the image the API created. */
function elevated(ctx: RequestContext): RequestContext {
  return { ...ctx, is_admin: true, roles: ctx.roles.includes('admin') ? ctx.roles : [...ctx.roles, 'admin'] };
}

/** Runs createImage (`backup` false) or createBackup on the host. */
export function snapshotInstance(
  deps: SnapshotDeps,
  ctx: RequestContext,
  args: SnapshotArgs,
  backup: boolean,
): Promise<void> {
  const imageId = args.image_id;
  const admin = elevated(ctx);
  return runInstanceAction(deps, ctx, args.instance, backup ? 'createBackup' : 'createImage', {
    event: backup ? 'compute_backup_instance' : 'compute_snapshot_instance',
    // NOTE(nova): the API set image_snapshot_pending (image_backup); the host moves on to image_snapshot first.
    stepsBeforeWork: backup ? 1 : 2,
    payload: snapshotPayloadVariant(imageId),
    onFailure: 'revert',
    async work(current, advance) {
      const images = await deps.images();
      try {
        const snapshot = await deps.driver.snapshot(current, imageId);
        await advance(TaskState.IMAGE_PENDING_UPLOAD);
        await advance(TaskState.IMAGE_UPLOADING);
        await images.updateProperties(admin, imageId, {
          set: { disk_format: snapshot.disk_format, container_format: snapshot.container_format },
        });
        await images.upload(admin, imageId, snapshot.chunks);
      } catch (err) {
        await images.delete(admin, imageId).catch(() => {});
        throw err;
      }
      if (backup) await rotateBackups(deps, images, ctx, current, args);
      return undefined;
    },
  });
}

/**
 * Deletes the oldest backups of the instance's `backup_type` beyond
 * `rotation`. A failure here leaves the new backup in place and is logged.
 */
async function rotateBackups(
  deps: SnapshotDeps,
  images: ImageService,
  ctx: RequestContext,
  instance: Instance,
  args: SnapshotArgs,
): Promise<void> {
  const rotation = args.rotation ?? 0;
  try {
    const backups: ImageMeta[] = await images.list(ctx, {
      filters: {
        image_type: 'backup',
        backup_type: String(args.backup_type ?? ''),
        instance_uuid: instance.uuid,
      },
    });
    // Newest first (Glance's created_at desc); everything past `rotation` goes.
    const sorted = [...backups].sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? 1 : -1) : a.created_at < b.created_at ? 1 : -1,
    );
    for (const old of sorted.slice(rotation)) await images.delete(ctx, old.id);
  } catch (err) {
    deps.log?.('backup rotation failed', { instance: instance.uuid, error: String(err) });
  }
}
