/**
 * A block device mapping (Nova's `block_device_mapping` row, reduced): how a
 * disk of an instance is made, from an image or a volume, and where it is
 * attached. Kept per instance on the instance row (`block_device_mappings`),
 * as its flavor and network info are.
 */

export type BdmSourceType = 'image' | 'volume' | 'blank' | 'snapshot';
export type BdmDestinationType = 'local' | 'volume';

export interface BlockDeviceMapping {
  /** The mapping's own id (2.89 `bdm_uuid`). */
  readonly uuid: string;
  readonly source_type: BdmSourceType;
  readonly destination_type: BdmDestinationType;
  /** The volume behind a `volume` destination; null for local disks. */
  readonly volume_id: string | null;
  /** The image a `source_type: image` disk is made from. */
  readonly image_id: string | null;
  /** The volume attachment of the volume service (2.89 `attachment_id`). */
  readonly attachment_id: string | null;
  /** 0 for the root disk, null for disks that are not bootable. */
  readonly boot_index: number | null;
  /** `/dev/vdb`, ... */
  readonly device_name: string | null;
  readonly volume_size: number | null;
  /** Device role tag (2.49 requests, 2.70 responses). */
  readonly tag: string | null;
  readonly delete_on_termination: boolean;
}

/**
 * Whether the instance's root disk is a volume (Nova's
 * `is_volume_backed_instance`): it has no image, or its boot mapping is a volume.
 */
export function isVolumeBacked(instance: {
  readonly image_ref: string;
  readonly block_device_mappings?: readonly BlockDeviceMapping[];
}): boolean {
  if (!instance.image_ref) return true;
  return (instance.block_device_mappings ?? []).some(
    (b) => b.boot_index === 0 && b.destination_type === 'volume',
  );
}

/** The next free `/dev/vdX` of an instance whose root disk is `/dev/vda` (Nova's get_next_device_name). */
export function nextDeviceName(used: readonly (string | null)[]): string {
  const taken = new Set(used.filter((d): d is string => d !== null));
  for (let c = 'b'.charCodeAt(0); c <= 'z'.charCodeAt(0); c++) {
    const name = `/dev/vd${String.fromCharCode(c)}`;
    if (!taken.has(name)) return name;
  }
  for (let a = 0; a < 26; a++) {
    for (let b = 0; b < 26; b++) {
      const name = `/dev/vd${String.fromCharCode(97 + a)}${String.fromCharCode(97 + b)}`;
      if (!taken.has(name)) return name;
    }
  }
  throw new RangeError('no free device name');
}
