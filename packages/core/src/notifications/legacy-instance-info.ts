/**
 * The payload of Nova's legacy (unversioned) instance notifications,
 * `compute.instance.<event>` on the `notifications` topic: the flat dict of
 * `nova.notifications.base.info_from_instance`, plus a fault's `message`
 * and `code` on `.error` events (`exception_to_dict`). Fields Novats has no
 * source for (kernel, ramdisk, os_type, architecture, cell) are empty as
 * Nova sends them for an instance without them.
 */
import { isNovaError } from '../errors/nova-error.js';
import type { Instance } from '../objects/instance.js';

/** Nova's `str(datetime)` of created_at: `YYYY-MM-DD HH:MM:SS+00:00`. */
function pyStr(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}

/** Nova's `null_safe_isotime`: `utils.strtime` (`YYYY-MM-DDTHH:MM:SS.ffffff`) or ''. */
function strtime(value: string | null | undefined): string {
  if (!value) return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : `${new Date(ms).toISOString().slice(0, 23)}000`;
}

/** `image_meta` of the payload: the `image_*` keys of system_metadata without their prefix. */
function imageMeta(instance: Instance): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(instance.system_metadata ?? {})) {
    if (k.startsWith('image_')) out[k.slice('image_'.length)] = v;
  }
  return out;
}

export function legacyInstanceInfo(
  instance: Instance,
  extra: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const f = instance.flavor;
  return {
    tenant_id: instance.project_id,
    user_id: instance.user_id,
    instance_id: instance.uuid,
    display_name: instance.display_name,
    reservation_id: instance.reservation_id,
    hostname: instance.hostname,
    instance_type: f.name,
    instance_type_id: f.id,
    instance_flavor_id: f.flavorid,
    architecture: null,
    memory_mb: f.memory_mb,
    disk_gb: f.root_gb + f.ephemeral_gb,
    vcpus: f.vcpus,
    root_gb: f.root_gb,
    ephemeral_gb: f.ephemeral_gb,
    host: instance.host,
    node: instance.node,
    availability_zone: instance.availability_zone,
    cell_name: '',
    created_at: pyStr(instance.created_at),
    terminated_at: strtime(instance.terminated_at),
    deleted_at: strtime(instance.deleted_at),
    launched_at: strtime(instance.launched_at),
    // NOTE(nova): Nova sends the image's URL when it finds the image service; the id is its fallback.
    image_ref_url: instance.image_ref,
    os_type: null,
    kernel_id: '',
    ramdisk_id: '',
    state: instance.vm_state,
    state_description: instance.task_state ?? '',
    progress: instance.progress ? instance.progress : '',
    access_ip_v4: instance.access_ip_v4,
    access_ip_v6: instance.access_ip_v6,
    fixed_ips: instance.addresses.map((a) => ({
      address: a.addr,
      type: 'fixed',
      version: a.version,
      label: a.network,
      vif_mac: a.mac_addr,
      meta: {},
      floating_ips: [],
    })),
    image_meta: imageMeta(instance),
    metadata: instance.metadata,
    ...extra,
  };
}

/** The fault fields an `.error` legacy notification adds (Nova's `exception_to_dict`). */
export function legacyFault(error: unknown): { message: string; code: number } {
  const message = error instanceof Error ? error.message : String(error);
  const code = isNovaError(error) && typeof error.status === 'number' ? error.status : 500;
  return { message: message.slice(0, 255), code };
}
