/**
 * Cell schema additions for cells v2 operations: Nova's `compute_nodes.mapped`
 * flag (set by discover_hosts, cleared by delete_host) and the `shadow_*`
 * tables that `nova-manage db archive_deleted_rows` moves soft-deleted rows
 * into. A shadow table has its table's columns without the unique keys, so an
 * archived row keeps its id and uuid. NOTE(drift): a later migration that adds
 * a column to a shadowed table must add it to the shadow table too
 * (`alterWithShadow`); the archive refuses to run while they differ.
 */
import type { Knex } from 'knex';
import type { Migration } from '../shared/migration-runner.js';

/** Tables with soft deletes that are archived, parents before the rows that refer to them. */
export const SHADOWED_TABLES = ['instances', 'instance_faults', 'services'] as const;

export const SHADOW_TABLE_PREFIX = 'shadow_';

/** Applies `change` to a table and to its shadow table alike. */
export async function alterWithShadow(
  db: Knex,
  table: string,
  change: (t: Knex.AlterTableBuilder) => void,
): Promise<void> {
  await db.schema.alterTable(table, change);
  await db.schema.alterTable(`${SHADOW_TABLE_PREFIX}${table}`, change);
}

/** DATETIME(6) without time zone on every dialect, as the tables being shadowed. */
const DATETIME6 = { precision: 6, useTz: false } as const;

function timestamps(t: Knex.CreateTableBuilder): void {
  t.datetime('created_at', DATETIME6).nullable();
  t.datetime('updated_at', DATETIME6).nullable();
}

function softDelete(t: Knex.CreateTableBuilder): void {
  t.datetime('deleted_at', DATETIME6).nullable();
  t.integer('deleted').notNullable().defaultTo(0);
}

async function createShadowInstances(db: Knex): Promise<void> {
  await db.schema.createTable('shadow_instances', (t) => {
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
    t.string('locked_reason', 255).nullable();
    t.index(['uuid'], 'shadow_instances_uuid_idx');
  });
}

async function createShadowInstanceFaults(db: Knex): Promise<void> {
  await db.schema.createTable('shadow_instance_faults', (t) => {
    t.increments('id');
    t.string('instance_uuid', 36).notNullable();
    t.integer('code').notNullable();
    t.string('message', 255).nullable();
    t.text('details', 'mediumtext').nullable();
    t.string('host', 255).nullable();
    timestamps(t);
    softDelete(t);
    t.index(['instance_uuid'], 'shadow_instance_faults_instance_uuid_idx');
  });
}

async function createShadowServices(db: Knex): Promise<void> {
  await db.schema.createTable('shadow_services', (t) => {
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
  });
}

export const CELL_SHADOW_MIGRATIONS: readonly Migration[] = [
  {
    // NOTE(nova): nullable with default 0 in Nova; NOT NULL here so that no reader meets a third state.
    name: '004_compute_nodes_mapped',
    async up(db) {
      await db.schema.alterTable('compute_nodes', (t) => {
        t.integer('mapped').notNullable().defaultTo(0);
      });
    },
  },
  {
    name: '005_shadow_tables',
    async up(db) {
      await createShadowInstances(db);
      await createShadowInstanceFaults(db);
      await createShadowServices(db);
    },
  },
];
