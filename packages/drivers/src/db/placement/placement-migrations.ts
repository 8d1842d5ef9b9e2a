/**
 * The placement database schema, modelled on Placement's own tables, as knex
 * migrations that run unchanged on SQLite, MySQL/MariaDB and PostgreSQL. Standard
 * resource classes and traits are synced on every migrate (as Placement does
 * at start-up), so upgrading os-traits only needs a re-run.
 */

import { STANDARD_RESOURCE_CLASSES, STANDARD_TRAITS } from '@novats/core';
import createKnex, { type Knex } from 'knex';
import { knexConfig } from '../connection-url.js';

const timestamps = (t: Knex.CreateTableBuilder, knex: Knex) => {
  t.timestamp('created_at').nullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at').nullable();
};

const initial: Knex.Migration = {
  async up(knex) {
    await knex.schema.createTable('resource_providers', (t) => {
      t.increments('id').primary();
      t.string('uuid', 36).notNullable().unique();
      t.string('name', 200).notNullable().unique();
      t.integer('generation').notNullable().defaultTo(0);
      t.integer('root_provider_id').unsigned().nullable().index();
      t.integer('parent_provider_id').unsigned().nullable().index();
      timestamps(t, knex);
    });
    await knex.schema.createTable('resource_classes', (t) => {
      // NOTE(ids): standard ids are fixed by os-resource-classes order, so no auto-increment.
      t.integer('id').primary();
      t.string('name', 255).notNullable().unique();
      timestamps(t, knex);
    });
    await knex.schema.createTable('inventories', (t) => {
      t.increments('id').primary();
      t.integer('resource_provider_id').unsigned().notNullable();
      t.integer('resource_class_id').notNullable();
      t.integer('total').notNullable();
      t.integer('reserved').notNullable();
      t.integer('min_unit').notNullable();
      t.integer('max_unit').notNullable();
      t.integer('step_size').notNullable();
      t.double('allocation_ratio').notNullable();
      t.unique(['resource_provider_id', 'resource_class_id'], { indexName: 'inventories_rp_rc_uniq' });
      t.index(['resource_class_id'], 'inventories_rc_idx');
      timestamps(t, knex);
    });
    await knex.schema.createTable('projects', (t) => {
      t.increments('id').primary();
      t.string('external_id', 255).notNullable().unique();
      timestamps(t, knex);
    });
    await knex.schema.createTable('users', (t) => {
      t.increments('id').primary();
      t.string('external_id', 255).notNullable().unique();
      timestamps(t, knex);
    });
    await knex.schema.createTable('consumers', (t) => {
      t.increments('id').primary();
      t.string('uuid', 36).notNullable().unique();
      t.integer('project_id').unsigned().notNullable().index();
      t.integer('user_id').unsigned().notNullable();
      t.integer('generation').notNullable().defaultTo(0);
      t.string('consumer_type', 255).notNullable().defaultTo('unknown');
      timestamps(t, knex);
    });
    await knex.schema.createTable('allocations', (t) => {
      t.increments('id').primary();
      t.integer('resource_provider_id').unsigned().notNullable();
      t.string('consumer_id', 36).notNullable().index();
      t.integer('resource_class_id').notNullable();
      t.integer('used').notNullable();
      t.index(['resource_provider_id', 'resource_class_id', 'consumer_id'], 'allocations_rp_rc_consumer_idx');
      t.index(['resource_class_id'], 'allocations_rc_idx');
      timestamps(t, knex);
    });
    await knex.schema.createTable('traits', (t) => {
      t.increments('id').primary();
      t.string('name', 255).notNullable().unique();
      timestamps(t, knex);
    });
    await knex.schema.createTable('resource_provider_traits', (t) => {
      t.integer('trait_id').unsigned().notNullable().index();
      t.integer('resource_provider_id').unsigned().notNullable();
      t.primary(['resource_provider_id', 'trait_id']);
      timestamps(t, knex);
    });
    await knex.schema.createTable('placement_aggregates', (t) => {
      t.increments('id').primary();
      t.string('uuid', 36).notNullable().unique();
      timestamps(t, knex);
    });
    await knex.schema.createTable('resource_provider_aggregates', (t) => {
      t.integer('resource_provider_id').unsigned().notNullable();
      t.integer('aggregate_id').unsigned().notNullable().index();
      t.primary(['resource_provider_id', 'aggregate_id']);
      timestamps(t, knex);
    });
    // NOTE(index-freshness): every write transaction bumps this one row, so a
    // process can tell with one SELECT whether its in-memory index is current.
    await knex.schema.createTable('placement_change_counter', (t) => {
      t.integer('id').primary();
      t.bigInteger('counter').notNullable().defaultTo(0);
    });
    await knex('placement_change_counter').insert({ id: 1, counter: 0 });
  },
  async down(knex) {
    for (const table of [
      'placement_change_counter',
      'resource_provider_aggregates',
      'placement_aggregates',
      'resource_provider_traits',
      'traits',
      'allocations',
      'consumers',
      'users',
      'projects',
      'inventories',
      'resource_classes',
      'resource_providers',
    ]) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};

const MIGRATIONS: Record<string, Knex.Migration> = { '001_placement_initial': initial };

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

/** Adds the standard resource classes and traits that are missing. */
export async function syncStandardPlacementData(knex: Knex): Promise<void> {
  const classes = new Set((await knex('resource_classes').select('name')).map((r) => r.name as string));
  const missingClasses = STANDARD_RESOURCE_CLASSES.map((name, id) => ({ id, name })).filter(
    (r) => !classes.has(r.name),
  );
  if (missingClasses.length) await knex('resource_classes').insert(missingClasses);
  const traits = new Set((await knex('traits').select('name')).map((r) => r.name as string));
  const missingTraits = STANDARD_TRAITS.filter((t) => !traits.has(t)).map((name) => ({ name }));
  for (let i = 0; i < missingTraits.length; i += 200)
    await knex('traits').insert(missingTraits.slice(i, i + 200));
}

/**
 * Brings the placement schema up to date and syncs the standard data. Takes
 * an open knex or a connection URL (opened and closed here).
 */
export async function migratePlacementDatabase(db: Knex | string): Promise<void> {
  if (typeof db === 'string') {
    const own = createKnex(knexConfig(db));
    try {
      return await migratePlacementDatabase(own);
    } finally {
      await own.destroy();
    }
  }
  const knex = db;
  await knex.migrate.latest({
    migrationSource: source,
    tableName: 'placement_migrations',
  });
  await syncStandardPlacementData(knex);
}
