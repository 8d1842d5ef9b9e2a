/** Nova's `instance_system_metadata`: what the services note about an instance (the guest password, ...). */
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration } from '../shared/migration-runner.js';

export const SYSTEM_METADATA_MIGRATION: Migration = {
  name: '007_instance_system_metadata',
  async up(db) {
    await db.schema.createTable('instance_system_metadata', (t) => {
      t.increments('id');
      t.string('instance_uuid', 36).notNullable();
      t.string('key', 255).notNullable();
      t.text('value').nullable();
      t.datetime('created_at', DATETIME6).nullable();
      t.datetime('updated_at', DATETIME6).nullable();
      t.datetime('deleted_at', DATETIME6).nullable();
      t.integer('deleted').notNullable().defaultTo(0);
      t.index(['instance_uuid'], 'instance_uuid');
      t.unique(['instance_uuid', 'key', 'deleted'], {
        indexName: 'uniq_instance_system_metadata0instance_uuid0key0deleted',
      });
    });
  },
};
