/**
 * What the libvirt driver can do, stated honestly. Migration and resize need
 * a second host with shared or copied storage, which this driver does not
 * move; device tagging, multi-attach, rescue of a volume-backed guest and trusted
 * certificates are not built.
 */
import type { VirtDriverCapabilities } from '@novats/core';

export const LIBVIRT_CAPABILITIES: VirtDriverCapabilities = Object.freeze({
  has_imagecache: true,
  supports_evacuate: false,
  supports_migrate_to_same_host: false,
  supports_attach_interface: true,
  supports_attach_volume: true,
  supports_device_tagging: false,
  supports_multiattach: false,
  supports_trusted_certs: false,
  supports_pause: true,
  supports_suspend: true,
  supports_rescue: true,
  supports_bfv_rescue: false,
  supports_snapshot: true,
  supports_resize: false,
  supports_live_migration: false,
  supports_console_output: true,
  supports_set_admin_password: true,
  supports_trigger_crash_dump: true,
  supports_diagnostics: true,
});
