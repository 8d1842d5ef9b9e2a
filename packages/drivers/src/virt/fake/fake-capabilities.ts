/** The fake hypervisor can do everything Nova asks of a driver, so every API path is testable on it. */
import type { VirtDriverCapabilities } from '@novats/core';

export const FAKE_CAPABILITIES: VirtDriverCapabilities = Object.freeze({
  has_imagecache: false,
  supports_evacuate: true,
  supports_migrate_to_same_host: true,
  supports_attach_interface: true,
  supports_attach_volume: true,
  supports_device_tagging: true,
  supports_multiattach: true,
  supports_trusted_certs: true,
  supports_pause: true,
  supports_suspend: true,
  supports_rescue: true,
  supports_bfv_rescue: true,
  supports_snapshot: true,
  supports_resize: true,
  supports_live_migration: true,
  supports_console_output: true,
  supports_set_admin_password: true,
  supports_trigger_crash_dump: true,
  supports_diagnostics: true,
});
