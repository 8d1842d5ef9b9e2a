/**
 * The nova_api tables of quotas and server groups, as Nova's api_models
 * define them: `quotas`, `project_user_quotas`, `quota_classes`,
 * `instance_groups`, `instance_group_policy`, `instance_group_member`; and
 * Novats' `quota_locks`, the leases that serialize a quota check with the
 * records it admits (see quota-repository.ts).
 */
import type { Knex } from 'knex';
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration } from '../shared/migration-runner.js';

function timestamps(t: Knex.CreateTableBuilder): void {
  t.datetime('created_at', DATETIME6).nullable();
  t.datetime('updated_at', DATETIME6).nullable();
}

export const QUOTA_API_MIGRATION: Migration = {
  name: '007_quotas_instance_groups',
  async up(db) {
    await db.schema.createTable('quotas', (t) => {
      t.increments('id');
      t.string('project_id', 255).nullable();
      t.string('resource', 255).notNullable();
      t.integer('hard_limit').nullable();
      timestamps(t);
      t.unique(['project_id', 'resource'], { indexName: 'uniq_quotas0project_id0resource' });
    });
    await db.schema.createTable('project_user_quotas', (t) => {
      t.increments('id');
      t.string('user_id', 255).notNullable();
      t.string('project_id', 255).notNullable();
      t.string('resource', 255).notNullable();
      t.integer('hard_limit').nullable();
      timestamps(t);
      t.unique(['user_id', 'project_id', 'resource'], {
        indexName: 'uniq_project_user_quotas0user_id0project_id0resource',
      });
      t.index(['project_id'], 'project_user_quotas_project_id_idx');
    });
    await db.schema.createTable('quota_classes', (t) => {
      t.increments('id');
      t.string('class_name', 255).nullable();
      t.string('resource', 255).nullable();
      t.integer('hard_limit').nullable();
      timestamps(t);
      // NOTE(novats): Nova only indexes class_name; a unique key makes create-or-update race-free.
      t.unique(['class_name', 'resource'], { indexName: 'uniq_quota_classes0class_name0resource' });
    });
    await db.schema.createTable('instance_groups', (t) => {
      t.increments('id');
      t.string('user_id', 255).nullable();
      t.string('project_id', 255).nullable();
      t.string('uuid', 36).notNullable();
      t.string('name', 255).nullable();
      timestamps(t);
      t.unique(['uuid'], { indexName: 'uniq_instance_groups0uuid' });
      t.index(['project_id'], 'instance_groups_project_id_idx');
    });
    await db.schema.createTable('instance_group_policy', (t) => {
      t.increments('id');
      t.string('policy', 255).nullable();
      t.integer('group_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('instance_groups')
        .onDelete('CASCADE');
      t.text('rules').nullable();
      timestamps(t);
      t.index(['policy'], 'instance_group_policy_policy_idx');
    });
    await db.schema.createTable('instance_group_member', (t) => {
      t.increments('id');
      t.string('instance_uuid', 255).nullable();
      t.integer('group_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('instance_groups')
        .onDelete('CASCADE');
      timestamps(t);
      t.index(['instance_uuid'], 'instance_group_member_instance_idx');
    });
    await db.schema.createTable('quota_locks', (t) => {
      t.string('lock_key', 255).notNullable().primary();
      t.string('holder', 36).notNullable();
      // NOTE(naming): epoch milliseconds, not a time column (those end in `_at`).
      t.bigInteger('expires_ms').notNullable();
    });
  },
};
