/**
 * createImage and createBackup on the API side (Nova's `compute/api.py`
 * `snapshot` and `backup` with `_create_image`): the server is checked
 * against core's transition table first, then the image record is created
 * queued in the image service (owned by the server's project, private,
 * carrying Nova's snapshot properties and what it inherits from the image
 * the server was booted from), then the action's task_state is set, the
 * instance action recorded and the work cast to the host. If the server
 * cannot start the action after all, the new image is deleted again.
 */
import type { ImageMeta, Instance, InstanceAction, NewImage, RequestContext } from '@novats/core';
import { assertTransition, InstanceNotReady, InvalidInput } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { startAction } from './server-action-start.js';
import { getServer } from './server-query.js';

/** `[DEFAULT] non_inheritable_image_properties` (Nova's default). */
export const NON_INHERITABLE_IMAGE_PROPERTIES: readonly string[] = ['cache_in_nova', 'bittorrent'];

/** What Nova never copies onto a snapshot, whatever the option says (plus every `img_signature*` key). */
const NEVER_INHERITED = new Set(['cinder_encryption_key_id', 'cinder_encryption_key_deletion_policy']);

/** Properties Nova sets itself on a snapshot; an inherited value of the same name is replaced. */
const NOVA_SET = new Set(['instance_uuid', 'user_id', 'image_type', 'base_image_ref', 'backup_type']);

export interface SnapshotRequest {
  readonly name: string;
  /** The request's `metadata`: extra image properties, which win over inherited ones. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface BackupRequest extends SnapshotRequest {
  readonly backupType: string;
  readonly rotation: number;
}

/**
 * The new image as Nova's `_initialize_instance_snapshot_metadata` builds
 * it: the base image's properties (less the non-inheritable ones), its
 * min_ram, min_disk at least the flavor's root disk, and for a backup its
 * formats (a snapshot's are set by the host at upload).
 */
export function snapshotImageMeta(
  ctx: RequestContext,
  instance: Instance,
  base: ImageMeta | null,
  type: 'snapshot' | 'backup',
  req: SnapshotRequest & { readonly backupType?: string },
): NewImage {
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(base?.properties ?? {})) {
    if (NON_INHERITABLE_IMAGE_PROPERTIES.includes(key) || NEVER_INHERITED.has(key)) continue;
    if (key.startsWith('img_signature')) continue;
    if (NOVA_SET.has(key)) continue;
    inherited[key] = value;
  }
  return {
    ...inherited,
    ...(type === 'backup' && base?.disk_format ? { disk_format: base.disk_format } : {}),
    ...(type === 'backup' && base?.container_format ? { container_format: base.container_format } : {}),
    min_ram: base?.min_ram ?? 0,
    min_disk: Math.max(base?.min_disk ?? 0, instance.flavor.root_gb),
    ...(req.metadata ?? {}),
    name: req.name,
    // NOTE(owner): the image belongs to the server's project, also when an admin of another project asks.
    owner: instance.project_id,
    visibility: 'private',
    instance_uuid: instance.uuid,
    user_id: String(ctx.user_id),
    image_type: type,
    base_image_ref: instance.image_ref,
    ...(req.backupType !== undefined ? { backup_type: req.backupType } : {}),
  };
}

async function createAndCast(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  action: Extract<InstanceAction, 'createImage' | 'createBackup'>,
  req: SnapshotRequest & { readonly backupType?: string; readonly rotation?: number },
): Promise<ImageMeta> {
  const found = await getServer(deps, ctx, uuid);
  const instance = found.instance;
  // Checked before anything is created, as Nova's `check_instance_state` does.
  assertTransition(instance, action, { isAdmin: ctx.is_admin });
  if (!instance.image_ref) {
    // NOTE(scope): volume-backed servers (no image) are not snapshotted here; Nova refuses backups the same way.
    throw new InvalidInput(
      action === 'createBackup'
        ? 'Backup is not supported for volume-backed instances.'
        : 'Snapshots of volume-backed instances are not supported.',
    );
  }
  if (!instance.host) throw new InstanceNotReady(uuid);
  const base = await deps.images.show(ctx, instance.image_ref).catch(() => null);
  const type = action === 'createBackup' ? 'backup' : 'snapshot';
  const image = await deps.images.create(ctx, snapshotImageMeta(ctx, instance, base, type, req));
  let started: Awaited<ReturnType<typeof startAction>>;
  try {
    started = await startAction(deps, ctx, uuid, action, { found, capability: 'supports_snapshot' });
  } catch (err) {
    await deps.images.delete(ctx, image.id).catch(() => {});
    throw err;
  }
  await deps.compute.castAction(
    ctx,
    instance.host,
    action === 'createBackup' ? 'backup_instance' : 'snapshot_instance',
    {
      instance: started.instance,
      image_id: image.id,
      ...(action === 'createBackup' ? { backup_type: req.backupType, rotation: req.rotation } : {}),
    },
  );
  return image;
}

/** createImage: a snapshot of the server's disk as a new private image of its project. */
export function snapshotServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  req: SnapshotRequest,
): Promise<ImageMeta> {
  return createAndCast(deps, ctx, uuid, 'createImage', req);
}

/** createBackup: a snapshot typed `backup_type`, keeping the newest `rotation` backups of that type. */
export function backupServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  req: BackupRequest,
): Promise<ImageMeta> {
  return createAndCast(deps, ctx, uuid, 'createBackup', req);
}
