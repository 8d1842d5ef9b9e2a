/**
 * What the XenAPI driver does, as Nova's capability flags. Declared
 * unsupported: volumes (Cinder's iSCSI SR introduction is not written),
 * live migration (VM.migrate_send between pools), the guest agent's
 * password (xenstore agent) and NMI crash dumps, as well as evacuate and
 * device tags; what the simulator and the driver both do is supported.
 */
import type { VirtDriverCapabilities } from '@novats/core';

export const XENAPI_CAPABILITIES: VirtDriverCapabilities = Object.freeze({
  has_imagecache: false,
  supports_evacuate: false,
  supports_migrate_to_same_host: true,
  supports_attach_interface: true,
  supports_attach_volume: false,
  supports_device_tagging: false,
  supports_multiattach: false,
  supports_trusted_certs: false,
  supports_pause: true,
  supports_suspend: true,
  supports_rescue: true,
  supports_bfv_rescue: false,
  supports_snapshot: true,
  supports_resize: true,
  supports_live_migration: false,
  supports_console_output: true,
  supports_set_admin_password: false,
  supports_trigger_crash_dump: false,
  supports_diagnostics: true,
});
