/**
 * Cell schema for server actions: Nova's `instance_actions` and
 * `instance_actions_events` (os-instance-actions), `migrations` (resize,
 * migrate, live migration, evacuate) and the instance columns the actions
 * keep their state in: `system_metadata` (Nova's old_vm_state,
 * shelved_image_id, clean_attempts...), the flavors of a resize in flight
 * (Nova's instance_extra old_flavor/new_flavor), tags and security groups.
 */
import type { Knex } from 'knex';
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration } from '../shared/migration-runner.js';
import { alterWithShadow } from './cell-shadow-migrations.js';

function timestamps(t: Knex.CreateTableBuilder): void {
  t.datetime('created_at', DATETIME6).nullable();
  t.datetime('updated_at', DATETIME6).nullable();
}

export const CELL_ACTION_MIGRATIONS: readonly Migration[] = [
  {
    name: '008_instance_actions_migrations',
    async up(db) {
      await db.schema.createTable('instance_actions', (t) => {
        t.increments('id');
        t.string('action', 255).nullable();
        t.string('instance_uuid', 36).notNullable();
        t.string('request_id', 255).notNullable();
        t.string('user_id', 255).nullable();
        t.string('project_id', 255).nullable();
        t.datetime('start_time', DATETIME6).nullable();
        t.datetime('finish_time', DATETIME6).nullable();
        t.string('message', 255).nullable();
        timestamps(t);
        t.integer('deleted').notNullable().defaultTo(0);
        t.unique(['instance_uuid', 'request_id'], { indexName: 'uniq_instance_actions0uuid0request' });
      });
      await db.schema.createTable('instance_actions_events', (t) => {
        t.increments('id');
        t.integer('action_id').notNullable();
        t.string('event', 255).nullable();
        t.datetime('start_time', DATETIME6).nullable();
        t.datetime('finish_time', DATETIME6).nullable();
        t.string('result', 255).nullable();
        t.text('traceback').nullable();
        t.string('host', 255).nullable();
        t.text('details').nullable();
        timestamps(t);
        t.integer('deleted').notNullable().defaultTo(0);
        t.index(['action_id'], 'instance_actions_events_action_id_idx');
      });
      await db.schema.createTable('migrations', (t) => {
        t.increments('id');
        t.string('uuid', 36).notNullable();
        t.string('instance_uuid', 36).notNullable();
        t.string('source_compute', 255).nullable();
        t.string('dest_compute', 255).nullable();
        t.string('source_node', 255).nullable();
        t.string('dest_node', 255).nullable();
        t.string('dest_host', 255).nullable();
        t.integer('old_instance_type_id').nullable();
        t.integer('new_instance_type_id').nullable();
        t.string('status', 255).nullable();
        t.string('migration_type', 255).nullable();
        t.string('project_id', 255).nullable();
        t.string('user_id', 255).nullable();
        t.bigInteger('memory_total').nullable();
        t.bigInteger('memory_processed').nullable();
        t.bigInteger('memory_remaining').nullable();
        t.bigInteger('disk_total').nullable();
        t.bigInteger('disk_processed').nullable();
        t.bigInteger('disk_remaining').nullable();
        timestamps(t);
        t.integer('deleted').notNullable().defaultTo(0);
        t.unique(['uuid'], { indexName: 'uniq_migrations0uuid' });
        t.index(['instance_uuid', 'status'], 'migrations_instance_uuid_and_status_idx');
      });
      await alterWithShadow(db, 'instances', (t) => {
        t.text('system_metadata', 'mediumtext').nullable();
        t.text('old_flavor', 'mediumtext').nullable();
        t.text('new_flavor', 'mediumtext').nullable();
        t.text('tags', 'mediumtext').nullable();
        t.text('security_groups', 'mediumtext').nullable();
      });
    },
  },
];
