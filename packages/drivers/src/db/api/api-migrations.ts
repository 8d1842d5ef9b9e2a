/**
 * The nova_api schema, modelled on Nova's api_models: flavors and their
 * extra specs and access lists, the cells v2 mappings, build requests,
 * request specs, the cells v1 `cells` table and host aggregates. Timestamps
 * are DATETIME6 (see column-types.ts), JSON blobs MEDIUMTEXT (text on SQLite
 * and PostgreSQL), floats DOUBLE on every dialect.
 */
import type { Knex } from 'knex';
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration, MigrationSet } from '../shared/migration-runner.js';
import { EC2_API_MIGRATION } from './ec2-migrations.js';
import { QUOTA_API_MIGRATION } from './quota-migrations.js';

/** created_at / updated_at as Nova's TimestampMixin. */
function timestamps(t: Knex.CreateTableBuilder): void {
  t.datetime('created_at', DATETIME6).nullable();
  t.datetime('updated_at', DATETIME6).nullable();
}

export const API_MIGRATIONS: readonly Migration[] = [
  {
    name: '001_flavors',
    async up(db) {
      await db.schema.createTable('flavors', (t) => {
        t.increments('id');
        t.string('name', 255).notNullable();
        t.integer('memory_mb').notNullable();
        t.integer('vcpus').notNullable();
        t.integer('root_gb').notNullable().defaultTo(0);
        t.integer('ephemeral_gb').notNullable().defaultTo(0);
        t.string('flavorid', 255).notNullable();
        t.integer('swap').notNullable().defaultTo(0);
        t.double('rxtx_factor').notNullable().defaultTo(1);
        t.integer('vcpu_weight').nullable();
        t.boolean('disabled').notNullable().defaultTo(false);
        t.boolean('is_public').notNullable().defaultTo(true);
        t.text('description').nullable();
        timestamps(t);
        t.unique(['flavorid'], { indexName: 'uniq_flavors0flavorid' });
        t.unique(['name'], { indexName: 'uniq_flavors0name' });
      });
      await db.schema.createTable('flavor_extra_specs', (t) => {
        t.increments('id');
        t.integer('flavor_id')
          .unsigned()
          .notNullable()
          .references('id')
          .inTable('flavors')
          .onDelete('CASCADE');
        t.string('key', 255).notNullable();
        t.string('value', 255).nullable();
        timestamps(t);
        t.unique(['flavor_id', 'key'], { indexName: 'uniq_flavor_extra_specs0flavor_id0key' });
      });
      await db.schema.createTable('flavor_projects', (t) => {
        t.increments('id');
        t.integer('flavor_id')
          .unsigned()
          .notNullable()
          .references('id')
          .inTable('flavors')
          .onDelete('CASCADE');
        t.string('project_id', 255).notNullable();
        timestamps(t);
        t.unique(['flavor_id', 'project_id'], { indexName: 'uniq_flavor_projects0flavor_id0project_id' });
        t.index(['project_id'], 'flavor_projects_project_id_idx');
      });
    },
  },
  {
    name: '002_cells_v2_mappings',
    async up(db) {
      await db.schema.createTable('cell_mappings', (t) => {
        t.increments('id');
        t.string('uuid', 36).notNullable();
        t.string('name', 255).nullable();
        t.text('transport_url').notNullable();
        t.text('database_connection').notNullable();
        t.boolean('disabled').notNullable().defaultTo(false);
        timestamps(t);
        t.unique(['uuid'], { indexName: 'uniq_cell_mappings0uuid' });
      });
      await db.schema.createTable('host_mappings', (t) => {
        t.increments('id');
        t.integer('cell_id').unsigned().notNullable().references('id').inTable('cell_mappings');
        t.string('host', 255).notNullable();
        timestamps(t);
        t.unique(['host'], { indexName: 'uniq_host_mappings0host' });
      });
      await db.schema.createTable('instance_mappings', (t) => {
        t.increments('id');
        t.string('instance_uuid', 36).notNullable();
        t.integer('cell_id').unsigned().nullable().references('id').inTable('cell_mappings');
        t.string('project_id', 255).notNullable();
        t.string('user_id', 255).nullable();
        t.boolean('queued_for_delete').notNullable().defaultTo(false);
        timestamps(t);
        t.unique(['instance_uuid'], { indexName: 'uniq_instance_mappings0instance_uuid' });
        t.index(['project_id'], 'instance_mappings_project_id_idx');
        t.index(['cell_id'], 'instance_mappings_cell_id_idx');
      });
    },
  },
  {
    name: '003_build_requests_request_specs',
    async up(db) {
      await db.schema.createTable('build_requests', (t) => {
        t.increments('id');
        t.string('instance_uuid', 36).notNullable();
        t.string('project_id', 255).notNullable();
        t.text('instance', 'mediumtext').notNullable();
        timestamps(t);
        t.unique(['instance_uuid'], { indexName: 'uniq_build_requests0instance_uuid' });
        t.index(['project_id'], 'build_requests_project_id_idx');
      });
      await db.schema.createTable('request_specs', (t) => {
        t.increments('id');
        t.string('instance_uuid', 36).notNullable();
        t.text('spec', 'mediumtext').notNullable();
        timestamps(t);
        t.unique(['instance_uuid'], { indexName: 'uniq_request_specs0instance_uuid' });
      });
    },
  },
  {
    name: '004_legacy_cells',
    async up(db) {
      // NOTE(cells-v1): `deleted` holds the row id once deleted, so the
      // (name, deleted) unique key lets a name be reused after a delete.
      await db.schema.createTable('cells', (t) => {
        t.increments('id');
        t.string('name', 255).notNullable();
        t.boolean('is_parent').notNullable().defaultTo(false);
        t.double('weight_offset').notNullable().defaultTo(0);
        t.double('weight_scale').notNullable().defaultTo(1);
        t.text('transport_url').nullable();
        timestamps(t);
        t.datetime('deleted_at', DATETIME6).nullable();
        t.integer('deleted').notNullable().defaultTo(0);
        t.unique(['name', 'deleted'], { indexName: 'uniq_cells0name0deleted' });
      });
    },
  },
  {
    name: '005_aggregates',
    async up(db) {
      // NOTE(nova): the API database's aggregates are hard-deleted, so the name is simply unique.
      await db.schema.createTable('aggregates', (t) => {
        t.increments('id');
        t.string('uuid', 36).notNullable();
        t.string('name', 255).notNullable();
        timestamps(t);
        t.unique(['name'], { indexName: 'uniq_aggregate0name' });
        t.index(['uuid'], 'aggregate_uuid_idx');
      });
      await db.schema.createTable('aggregate_hosts', (t) => {
        t.increments('id');
        t.string('host', 255).notNullable();
        t.integer('aggregate_id')
          .unsigned()
          .notNullable()
          .references('id')
          .inTable('aggregates')
          .onDelete('CASCADE');
        timestamps(t);
        t.unique(['host', 'aggregate_id'], { indexName: 'uniq_aggregate_hosts0host0aggregate_id' });
      });
      await db.schema.createTable('aggregate_metadata', (t) => {
        t.increments('id');
        t.integer('aggregate_id')
          .unsigned()
          .notNullable()
          .references('id')
          .inTable('aggregates')
          .onDelete('CASCADE');
        t.string('key', 255).notNullable();
        t.string('value', 255).notNullable();
        timestamps(t);
        t.unique(['aggregate_id', 'key'], { indexName: 'uniq_aggregate_metadata0aggregate_id0key' });
        t.index(['value'], 'aggregate_metadata_value_idx');
      });
    },
  },
  EC2_API_MIGRATION,
  QUOTA_API_MIGRATION,
];

/** The api schema with its bookkeeping table `api_migrate_version`. */
export const API_MIGRATION_SET: MigrationSet = { table: 'api_migrate_version', migrations: API_MIGRATIONS };
