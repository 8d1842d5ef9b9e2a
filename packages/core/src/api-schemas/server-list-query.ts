/**
 * The query of GET /servers and /servers/detail as Nova's
 * `schemas/servers.py` declares it: the known filters (tags from 2.26,
 * changes-before from 2.66, locked from 2.73), sort_key among Nova's sort
 * keys (and the ones it ignores), sort_dir asc/desc; unknown parameters are
 * ignored before 2.75 and 400 from 2.75.
 */
import { atLeast, type MicroversionLike } from './microversion-range.js';

/** Nova's VALID_SORT_KEYS (`locked` from 2.73). */
export const SERVER_SORT_KEYS = [
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'availability_zone',
  'config_drive',
  'created_at',
  'display_description',
  'display_name',
  'host',
  'hostname',
  'image_ref',
  'instance_type_id',
  'kernel_id',
  'key_name',
  'launch_index',
  'launched_at',
  'locked_by',
  'node',
  'power_state',
  'progress',
  'project_id',
  'ramdisk_id',
  'root_device_name',
  'task_state',
  'terminated_at',
  'updated_at',
  'user_id',
  'uuid',
  'vm_state',
] as const;

/** Nova's SERVER_LIST_IGNORE_SORT_KEY: accepted and ignored. */
export const IGNORED_SORT_KEYS = [
  'architecture',
  'cell_name',
  'cleaned',
  'default_ephemeral_device',
  'default_swap_device',
  'deleted',
  'deleted_at',
  'disable_terminate',
  'ephemeral_gb',
  'ephemeral_key_uuid',
  'id',
  'key_data',
  'launched_on',
  'locked',
  'memory_mb',
  'os_type',
  'reservation_id',
  'root_gb',
  'shutdown_terminate',
  'user_data',
  'vcpus',
  'vm_mode',
] as const;

/** Only admins sort by these (403 "Only administrators can sort servers by <key>"). */
export const ADMIN_ONLY_SORT_KEYS: ReadonlySet<string> = new Set(['host', 'node']);

const FILTERS = [
  'user_id',
  'project_id',
  'tenant_id',
  'launch_index',
  'image_ref',
  'image',
  'kernel_id',
  'ramdisk_id',
  'hostname',
  'key_name',
  'power_state',
  'vm_state',
  'task_state',
  'host',
  'node',
  'flavor',
  'reservation_id',
  'launched_at',
  'terminated_at',
  'availability_zone',
  'name',
  'display_name',
  'description',
  'display_description',
  'locked_by',
  'uuid',
  'root_device_name',
  'config_drive',
  'access_ip_v4',
  'access_ip_v6',
  'auto_disk_config',
  'progress',
  'all_tenants',
  'soft_deleted',
  'deleted',
  'status',
  'changes-since',
  'ip',
  'ip6',
  'created_at',
  'marker',
];

const strings = { type: 'array', items: { type: 'string' } } as const;

export function serverListQuerySchema(v: MicroversionLike): object {
  const properties: Record<string, object> = Object.fromEntries(FILTERS.map((f) => [f, strings]));
  const sortKeys = atLeast(v, 73)
    ? [...SERVER_SORT_KEYS, 'locked', ...IGNORED_SORT_KEYS.filter((k) => k !== 'locked')]
    : [...SERVER_SORT_KEYS, ...IGNORED_SORT_KEYS];
  properties.sort_key = { type: 'array', items: { type: 'string', enum: sortKeys } };
  properties.sort_dir = { type: 'array', items: { type: 'string', enum: ['asc', 'desc'] } };
  properties.limit = { type: 'array', items: { type: 'string', pattern: '^[0-9]*$' } };
  if (atLeast(v, 26))
    for (const t of ['tags', 'tags-any', 'not-tags', 'not-tags-any']) properties[t] = strings;
  if (atLeast(v, 66)) properties['changes-before'] = strings;
  if (atLeast(v, 73)) properties.locked = strings;
  return { type: 'object', properties, additionalProperties: !atLeast(v, 75) };
}
