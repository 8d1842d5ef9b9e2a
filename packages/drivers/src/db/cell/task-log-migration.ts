/**
 * Nova's `task_log` cell table (models.TaskLog): the periods each host's
 * periodic tasks ran, with Nova's unique key on task, host and period and
 * its indexes. Nova's soft-delete columns are kept for the same shape; Nova
 * never soft-deletes a task_log row (nova-manage purges them outright).
 */
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration } from '../shared/migration-runner.js';

export const TASK_LOG_MIGRATION: Migration = {
  name: '010_task_log',
  async up(db) {
    await db.schema.createTable('task_log', (t) => {
      t.increments('id');
      t.string('task_name', 255).notNullable();
      t.string('state', 255).notNullable();
      t.string('host', 255).notNullable();
      t.datetime('period_beginning', DATETIME6).notNullable();
      t.datetime('period_ending', DATETIME6).notNullable();
      t.string('message', 255).notNullable();
      t.integer('task_items').nullable().defaultTo(0);
      t.integer('errors').nullable().defaultTo(0);
      t.datetime('created_at', DATETIME6).nullable();
      t.datetime('updated_at', DATETIME6).nullable();
      t.datetime('deleted_at', DATETIME6).nullable();
      t.integer('deleted').notNullable().defaultTo(0);
      t.unique(['task_name', 'host', 'period_beginning', 'period_ending'], {
        indexName: 'uniq_task_log0task_name0host0period_beginning0period_ending',
      });
      t.index(['period_beginning'], 'ix_task_log_period_beginning');
      t.index(['host'], 'ix_task_log_host');
      t.index(['period_ending'], 'ix_task_log_period_ending');
    });
  },
};
