/**
 * The nova_api tables of key pairs and EC2 ids (Nova's `key_pairs`, and its
 * `instance_id_mappings` / `s3_images`, which Nova kept in each cell; here in
 * the API database so that an EC2 id is unique across cells).
 */
import type { Knex } from 'knex';
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration } from '../shared/migration-runner.js';

function timestamps(t: Knex.CreateTableBuilder): void {
  t.datetime('created_at', DATETIME6).nullable();
  t.datetime('updated_at', DATETIME6).nullable();
}

export const EC2_API_MIGRATION: Migration = {
  name: '006_key_pairs_ec2_ids',
  async up(db) {
    await db.schema.createTable('key_pairs', (t) => {
      t.increments('id');
      t.string('name', 255).notNullable();
      t.string('user_id', 255).notNullable();
      t.string('fingerprint', 255).nullable();
      t.text('public_key').nullable();
      t.string('type', 10).notNullable().defaultTo('ssh');
      timestamps(t);
      t.unique(['user_id', 'name'], { indexName: 'uniq_key_pairs0user_id0name' });
    });
    for (const table of ['instance_id_mappings', 's3_images']) {
      await db.schema.createTable(table, (t) => {
        t.increments('id');
        t.string('uuid', 36).notNullable();
        timestamps(t);
        t.unique(['uuid'], { indexName: `uniq_${table}0uuid` });
      });
    }
  },
};
