/**
 * What the VMware driver does, as Nova's capability flags. Declared
 * unsupported: what Novats' driver does not implement against vSphere
 * (pause has no vSphere operation, as in Nova; rescue needs the rescue
 * image's VMDK on the datastore, which this driver does not upload; snapshot
 * needs ExportVm, which vcsim 0.24 lacks, and vcsim's disks are empty files,
 * so an image would be zero bytes; console output needs a serial port
 * concentrator; guest password and NMI need VMware Tools; volumes need
 * Cinder's vmdk connector), and what vcsim cannot show working (live
 * migration between clusters).
 */
import type { VirtDriverCapabilities } from '@novats/core';

export const VMWARE_CAPABILITIES: VirtDriverCapabilities = Object.freeze({
  has_imagecache: false,
  supports_evacuate: false,
  supports_migrate_to_same_host: true,
  supports_attach_interface: true,
  supports_attach_volume: false,
  supports_device_tagging: false,
  supports_multiattach: false,
  supports_trusted_certs: false,
  supports_pause: false,
  supports_suspend: true,
  supports_rescue: false,
  supports_bfv_rescue: false,
  supports_snapshot: false,
  supports_resize: true,
  supports_live_migration: false,
  supports_console_output: false,
  supports_set_admin_password: false,
  supports_trigger_crash_dump: false,
  supports_diagnostics: true,
});
