/**
 * The cell database schema (nova, nova_cell0, ...), modelled on Nova's
 * models.py. Instances keep flavor, metadata and the network info cache as
 * JSON columns on the row itself (Nova spreads them over instance_extra,
 * instance_metadata and instance_info_caches) so that a boot reads and writes
 * one row. Soft deletes store the row id in `deleted`, as Nova does.
 */
import type { Knex } from 'knex';
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration, MigrationSet } from '../shared/migration-runner.js';
import { BLOCK_DEVICE_MAPPING_MIGRATION } from './block-device-mapping-migration.js';
import { CELL_ACTION_MIGRATIONS } from './cell-action-migrations.js';
import { CELL_SHADOW_MIGRATIONS } from './cell-shadow-migrations.js';
import { CONSOLE_AUTH_TOKEN_MIGRATIONS } from './console-auth-token-migrations.js';
import { SYSTEM_METADATA_MIGRATION } from './system-metadata-migration.js';
import { TASK_LOG_MIGRATION } from './task-log-migration.js';

function timestamps(t: Knex.CreateTableBuilder): void {
  t.datetime('created_at', DATETIME6).nullable();
  t.datetime('updated_at', DATETIME6).nullable();
}

function softDelete(t: Knex.CreateTableBuilder): void {
  t.datetime('deleted_at', DATETIME6).nullable();
  t.integer('deleted').notNullable().defaultTo(0);
}

export const CELL_MIGRATIONS: readonly Migration[] = [
  {
    name: '001_instances',
    async up(db) {
      await db.schema.createTable('instances', (t) => {
        t.increments('id');
        t.string('uuid', 36).notNullable();
        t.string('display_name', 255).nullable();
        t.text('display_description').nullable();
        t.string('project_id', 255).nullable();
        t.string('user_id', 255).nullable();
        t.string('vm_state', 255).nullable();
        t.string('task_state', 255).nullable();
        t.integer('power_state').nullable();
        t.string('host', 255).nullable();
        t.string('node', 255).nullable();
        t.string('image_ref', 255).nullable();
        t.integer('memory_mb').nullable();
        t.integer('vcpus').nullable();
        t.integer('root_gb').nullable();
        t.integer('ephemeral_gb').nullable();
        t.integer('instance_type_id').nullable();
        t.text('flavor', 'mediumtext').nullable();
        t.text('metadata', 'mediumtext').nullable();
        t.text('network_info', 'mediumtext').nullable();
        t.string('availability_zone', 255).nullable();
        t.string('key_name', 255).nullable();
        t.string('access_ip_v4', 39).nullable();
        t.string('access_ip_v6', 39).nullable();
        t.string('config_drive', 255).nullable();
        t.integer('progress').nullable();
        t.integer('launch_index').nullable();
        t.string('reservation_id', 255).nullable();
        t.string('hostname', 255).nullable();
        t.boolean('locked').notNullable().defaultTo(false);
        t.string('locked_by', 255).nullable();
        t.text('user_data', 'mediumtext').nullable();
        timestamps(t);
        t.datetime('launched_at', DATETIME6).nullable();
        t.datetime('terminated_at', DATETIME6).nullable();
        softDelete(t);
        t.unique(['uuid'], { indexName: 'uniq_instances0uuid' });
        t.index(['project_id', 'deleted'], 'instances_project_id_deleted_idx');
        t.index(['host', 'deleted'], 'instances_host_deleted_idx');
        t.index(['deleted', 'created_at'], 'instances_deleted_created_at_idx');
        t.index(['updated_at', 'project_id'], 'instances_updated_at_project_id_idx');
      });
      await db.schema.createTable('instance_faults', (t) => {
        t.increments('id');
        t.string('instance_uuid', 36).notNullable();
        t.integer('code').notNullable();
        t.string('message', 255).nullable();
        t.text('details', 'mediumtext').nullable();
        t.string('host', 255).nullable();
        timestamps(t);
        softDelete(t);
        t.index(
          ['instance_uuid', 'deleted', 'created_at'],
          'instance_faults_instance_uuid_deleted_created_at_idx',
        );
      });
    },
  },
  {
    name: '002_compute_nodes_services',
    async up(db) {
      await db.schema.createTable('services', (t) => {
        t.increments('id');
        t.string('uuid', 36).notNullable();
        t.string('host', 255).nullable();
        t.string('binary', 255).nullable();
        t.string('topic', 255).nullable();
        t.integer('report_count').notNullable().defaultTo(0);
        t.boolean('disabled').notNullable().defaultTo(false);
        t.string('disabled_reason', 255).nullable();
        t.datetime('last_seen_up', DATETIME6).nullable();
        t.boolean('forced_down').notNullable().defaultTo(false);
        t.integer('version').notNullable().defaultTo(0);
        timestamps(t);
        softDelete(t);
        t.unique(['uuid'], { indexName: 'uniq_services0uuid' });
        t.unique(['host', 'binary', 'deleted'], { indexName: 'uniq_services0host0binary0deleted' });
      });
      await db.schema.createTable('compute_nodes', (t) => {
        t.increments('id');
        t.string('uuid', 36).notNullable();
        t.string('host', 255).nullable();
        t.string('hypervisor_hostname', 255).nullable();
        t.string('hypervisor_type', 255).notNullable();
        t.bigInteger('hypervisor_version').notNullable();
        t.string('host_ip', 39).nullable();
        t.integer('vcpus').notNullable();
        t.integer('memory_mb').notNullable();
        t.integer('local_gb').notNullable();
        t.integer('vcpus_used').notNullable();
        t.integer('memory_mb_used').notNullable();
        t.integer('local_gb_used').notNullable();
        t.integer('free_ram_mb').nullable();
        t.integer('free_disk_gb').nullable();
        t.integer('running_vms').nullable();
        t.integer('current_workload').nullable();
        t.integer('disk_available_least').nullable();
        t.text('cpu_info', 'mediumtext').notNullable();
        t.double('cpu_allocation_ratio').nullable();
        t.double('ram_allocation_ratio').nullable();
        t.double('disk_allocation_ratio').nullable();
        timestamps(t);
        t.unique(['uuid'], { indexName: 'uniq_compute_nodes0uuid' });
        t.index(['host'], 'compute_nodes_host_idx');
      });
    },
  },
  {
    // NOTE(nova): Nova keeps the 2.73 lock reason in system_metadata; here it is a column of the row.
    name: '003_instances_locked_reason',
    async up(db) {
      await db.schema.alterTable('instances', (t) => {
        t.string('locked_reason', 255).nullable();
      });
    },
  },
  ...CELL_SHADOW_MIGRATIONS,
  ...CONSOLE_AUTH_TOKEN_MIGRATIONS,
  SYSTEM_METADATA_MIGRATION,
  ...CELL_ACTION_MIGRATIONS,
  BLOCK_DEVICE_MAPPING_MIGRATION,
  TASK_LOG_MIGRATION,
];

/** The cell schema with its bookkeeping table `cell_migrate_version`. */
export const CELL_MIGRATION_SET: MigrationSet = {
  table: 'cell_migrate_version',
  migrations: CELL_MIGRATIONS,
};
