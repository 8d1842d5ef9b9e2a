/**
 * The embedded image service's tables, modelled on Glance's: images, their
 * properties, tags and members. They live in the API database under their
 * own bookkeeping table (`image_migrate_version`), so the image service
 * creates them when missing without touching the nova_api schema version.
 */
import type { Knex } from 'knex';
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration, MigrationSet } from '../shared/migration-runner.js';

function timestamps(t: Knex.CreateTableBuilder): void {
  t.datetime('created_at', DATETIME6).notNullable();
  t.datetime('updated_at', DATETIME6).notNullable();
}

function imageIdColumn(t: Knex.CreateTableBuilder): void {
  t.string('image_id', 36).notNullable().references('id').inTable('images').onDelete('CASCADE');
}

export const IMAGE_MIGRATIONS: readonly Migration[] = [
  {
    name: '001_images',
    async up(db) {
      await db.schema.createTable('images', (t) => {
        t.string('id', 36).primary();
        t.string('name', 255).nullable();
        t.bigInteger('size').nullable();
        t.bigInteger('virtual_size').nullable();
        t.string('status', 30).notNullable();
        t.string('visibility', 20).notNullable();
        t.string('checksum', 32).nullable();
        t.string('os_hash_algo', 64).nullable();
        t.string('os_hash_value', 128).nullable();
        t.string('container_format', 32).nullable();
        t.string('disk_format', 32).nullable();
        t.string('owner', 255).nullable();
        t.integer('min_disk').notNullable().defaultTo(0);
        t.integer('min_ram').notNullable().defaultTo(0);
        t.boolean('protected').notNullable().defaultTo(false);
        t.boolean('os_hidden').notNullable().defaultTo(false);
        timestamps(t);
        t.index(['owner'], 'owner_image_idx');
        t.index(['visibility'], 'visibility_image_idx');
      });
      await db.schema.createTable('image_properties', (t) => {
        t.increments('id');
        imageIdColumn(t);
        t.string('name', 255).notNullable();
        t.text('value').notNullable();
        t.unique(['image_id', 'name'], { indexName: 'ix_image_properties_image_id_name' });
      });
      await db.schema.createTable('image_tags', (t) => {
        t.increments('id');
        imageIdColumn(t);
        t.string('value', 255).notNullable();
        t.unique(['image_id', 'value'], { indexName: 'ix_image_tags_image_id_tag_value' });
      });
      await db.schema.createTable('image_members', (t) => {
        t.increments('id');
        imageIdColumn(t);
        t.string('member', 255).notNullable();
        t.string('status', 20).notNullable().defaultTo('pending');
        timestamps(t);
        t.unique(['image_id', 'member'], { indexName: 'image_members_image_id_member' });
        t.index(['member'], 'ix_image_members_member');
      });
    },
  },
];

/** The image schema with its own bookkeeping table. */
export const IMAGE_MIGRATION_SET: MigrationSet = {
  table: 'image_migrate_version',
  migrations: IMAGE_MIGRATIONS,
};
