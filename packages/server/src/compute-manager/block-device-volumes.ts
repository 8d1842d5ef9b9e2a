/**
 * Plugs the volumes of an instance's block device mappings into its guest
 * through the virt driver, after a spawn: the volumes of a build (reserved by
 * the API) and, at unshelve, those attached while the server was
 * shelved_offloaded (2.20), which had no host to plug them then.
 */
import type { Instance, VirtDriver } from '@novats/core';

export async function plugBlockDeviceVolumes(driver: VirtDriver, instance: Instance): Promise<void> {
  for (const bdm of instance.block_device_mappings ?? []) {
    if (bdm.destination_type !== 'volume' || !bdm.volume_id) continue;
    await driver.attachVolume(
      instance,
      { volume_id: bdm.volume_id, driver_volume_type: 'fake', data: { attachment_id: bdm.attachment_id } },
      bdm.device_name ?? '/dev/vdb',
    );
  }
}
