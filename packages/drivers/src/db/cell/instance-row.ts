/**
 * The mapping between `instances` rows and Instance objects, both ways:
 * JSON columns for flavor, metadata and addresses, 0/1 for booleans, the
 * stored time format for timestamps, and `deleted` = row id once deleted.
 */
import {
  type Flavor,
  type Instance,
  type InstanceAddress,
  type InstanceUpdate,
  type PowerState,
  SERVER_SORT_KEYS,
  type TaskState,
  type VmState,
} from '@novats/core';
import type { Knex } from 'knex';
import { fromDbTime, fromDbTimeRequired, toDbTime } from '../shared/db-time.js';

/** The columns an Instance is read from (the wide `user_data` included). */
export const INSTANCE_COLUMNS = [
  'uuid',
  'display_name',
  'display_description',
  'project_id',
  'user_id',
  'vm_state',
  'task_state',
  'power_state',
  'host',
  'node',
  'image_ref',
  'flavor',
  'availability_zone',
  'key_name',
  'metadata',
  'network_info',
  'access_ip_v4',
  'access_ip_v6',
  'config_drive',
  'progress',
  'launch_index',
  'reservation_id',
  'hostname',
  'locked',
  'locked_by',
  'locked_reason',
  'user_data',
  'created_at',
  'updated_at',
  'launched_at',
  'terminated_at',
  'deleted_at',
  'deleted',
  'system_metadata',
  'old_flavor',
  'new_flavor',
  'tags',
  'security_groups',
  'block_device_mappings',
] as const;

/**
 * The servers API sort keys (core's SERVER_SORT_KEYS, and `locked` from
 * 2.73) that are columns here, `instance_type_id` being written from the
 * flavor; and `reservation_id`, which nova-api ignores but this repository
 * sorts by. kernel_id, ramdisk_id, root_device_name and auto_disk_config
 * have no column.
 */
export const INSTANCE_SORT_KEYS: ReadonlySet<string> = new Set(
  [...SERVER_SORT_KEYS, 'locked', 'reservation_id'].filter(
    (key) => key === 'instance_type_id' || (INSTANCE_COLUMNS as readonly string[]).includes(key),
  ),
);

type Row = Record<string, any>;

export function instanceFromRow(r: Row): Instance {
  return {
    uuid: r.uuid,
    display_name: r.display_name ?? '',
    display_description: r.display_description,
    project_id: r.project_id,
    user_id: r.user_id,
    vm_state: r.vm_state as VmState,
    task_state: (r.task_state ?? null) as TaskState | null,
    power_state: Number(r.power_state ?? 0) as PowerState,
    host: r.host,
    node: r.node,
    image_ref: r.image_ref ?? '',
    flavor: JSON.parse(r.flavor) as Flavor,
    availability_zone: r.availability_zone,
    key_name: r.key_name,
    metadata: r.metadata ? (JSON.parse(r.metadata) as Record<string, string>) : {},
    addresses: r.network_info ? (JSON.parse(r.network_info) as InstanceAddress[]) : [],
    access_ip_v4: r.access_ip_v4,
    access_ip_v6: r.access_ip_v6,
    config_drive: r.config_drive ?? '',
    progress: Number(r.progress ?? 0),
    launch_index: Number(r.launch_index ?? 0),
    reservation_id: r.reservation_id ?? '',
    hostname: r.hostname ?? '',
    locked: Boolean(r.locked),
    locked_by: r.locked_by,
    // NOTE(compat): absent rather than null when unset, so objects read back equal those written.
    ...(r.locked_reason == null ? {} : { locked_reason: r.locked_reason as string }),
    user_data: r.user_data,
    created_at: fromDbTimeRequired(r.created_at),
    updated_at: fromDbTime(r.updated_at),
    launched_at: fromDbTime(r.launched_at),
    terminated_at: fromDbTime(r.terminated_at),
    deleted_at: fromDbTime(r.deleted_at),
    deleted: Number(r.deleted) !== 0,
    // NOTE(compat): the action columns, like locked_reason, are absent while never written.
    ...jsonField(r, 'system_metadata'),
    ...jsonField(r, 'old_flavor'),
    ...jsonField(r, 'new_flavor'),
    ...jsonField(r, 'tags'),
    ...jsonField(r, 'security_groups'),
    ...jsonField(r, 'block_device_mappings'),
  };
}

function jsonField(r: Row, column: string): Record<string, unknown> {
  return r[column] == null ? {} : { [column]: JSON.parse(r[column]) };
}

function flavorColumns(flavor: Flavor): Row {
  return {
    flavor: JSON.stringify(flavor),
    memory_mb: flavor.memory_mb,
    vcpus: flavor.vcpus,
    root_gb: flavor.root_gb,
    ephemeral_gb: flavor.ephemeral_gb,
    instance_type_id: flavor.id,
  };
}

/** The columns to write for (part of) an instance; unknown fields are ignored. */
export function instanceToRow(values: InstanceUpdate, db: Knex): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    switch (key) {
      case 'flavor':
        Object.assign(row, flavorColumns(value as Flavor));
        break;
      case 'metadata':
      case 'system_metadata':
      case 'old_flavor':
      case 'new_flavor':
      case 'tags':
      case 'security_groups':
      case 'block_device_mappings':
        row[key] = value === null ? null : JSON.stringify(value);
        break;
      case 'addresses':
        row.network_info = JSON.stringify(value);
        break;
      case 'created_at':
      case 'updated_at':
      case 'launched_at':
      case 'terminated_at':
      case 'deleted_at':
        row[key] = toDbTime(value as string | null);
        break;
      case 'deleted':
        // NOTE(soft-delete): Nova stores the row id, keeping unique keys usable.
        row.deleted = value ? db.ref('id') : 0;
        break;
      default:
        if ((INSTANCE_COLUMNS as readonly string[]).includes(key)) row[key] = value;
    }
  }
  return row;
}
