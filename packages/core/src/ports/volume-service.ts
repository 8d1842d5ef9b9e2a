/**
 * The block storage service as Nova's `volume/cinder.py` API uses it:
 * look a volume up, create a blank one, and the attachment life cycle
 * (create an attachment for an instance, complete it, delete it). The
 * all-in-one's adapter is a fake that keeps volumes in memory.
 */
import type { RequestContext } from '../context/request-context.js';

export type VolumeStatus = 'available' | 'reserved' | 'attaching' | 'in-use' | 'detaching';

export interface VolumeAttachmentRecord {
  readonly attachment_id: string;
  readonly instance_uuid: string;
  readonly mountpoint: string | null;
}

export interface Volume {
  readonly id: string;
  readonly name: string | null;
  /** Size in GiB. */
  readonly size: number;
  readonly status: VolumeStatus;
  readonly multiattach: boolean;
  readonly attachments: readonly VolumeAttachmentRecord[];
  /** Cinder's `volume_image_metadata`: the image a bootable volume was made from (`image_id`). */
  readonly volume_image_metadata?: Readonly<Record<string, string>>;
}

export interface VolumeService {
  /** The volume; rejects with VolumeNotFound (404) when there is none. */
  get(ctx: RequestContext, volumeId: string): Promise<Volume>;
  /**
   * A new, available volume (Nova's `volume_api.create`): blank, or made
   * from the image `imageId` (`source_type: image`, `destination_type: volume`).
   */
  create(
    ctx: RequestContext,
    opts: { size: number; name?: string | null; imageId?: string },
  ): Promise<Volume>;
  /**
   * Reserves the volume for an instance (Cinder's attachment_create without
   * a connector); rejects with InvalidVolume (400) when it is not available.
   * Returns the attachment id.
   */
  attachmentCreate(ctx: RequestContext, volumeId: string, instanceUuid: string): Promise<string>;
  /** Marks the attachment attached at `mountpoint` (attachment_update + complete); idempotent. */
  attachmentComplete(ctx: RequestContext, attachmentId: string, mountpoint: string): Promise<void>;
  /** Ends an attachment; the volume becomes available when it has no other. Idempotent. */
  attachmentDelete(ctx: RequestContext, attachmentId: string): Promise<void>;
  /** Deletes an available volume (delete_on_termination). Idempotent. */
  delete(ctx: RequestContext, volumeId: string): Promise<void>;
}
