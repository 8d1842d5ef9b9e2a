/**
 * Opening the image tables in the API database: created when missing (the
 * image service's own migration set), then one knex pool for the repository.
 */
import type { Knex } from 'knex';
import { type OpenOptions, openKnex, withKnex } from '../shared/knex-connection.js';
import { runMigrations } from '../shared/migration-runner.js';
import { IMAGE_MIGRATION_SET, IMAGE_MIGRATIONS } from './image-migrations.js';
import { KnexImageRepository } from './image-repository.js';

/** Creates or upgrades the image tables; resolves true when they were created just now. */
export async function syncImageDatabase(url: string): Promise<boolean> {
  return withKnex(url, async (db: Knex) => {
    const existed = await db.schema.hasTable('images');
    await runMigrations(db, IMAGE_MIGRATION_SET);
    return !existed;
  });
}

/** The version syncImageDatabase reaches. */
export const IMAGE_DATABASE_HEAD = IMAGE_MIGRATIONS.length;

/** A repository on its own pool at a Nova connection URL; the tables must exist (syncImageDatabase). */
export function openImageRepository(url: string, opts: OpenOptions = {}): KnexImageRepository {
  return new KnexImageRepository(openKnex(url, opts));
}
