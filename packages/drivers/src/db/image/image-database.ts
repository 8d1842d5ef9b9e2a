/**
 * Opening the image tables in the API database: created when missing (the
 * image service's own migration set), then one knex pool for the repository.
 */
import type { Knex } from 'knex';
import { type OpenOptions, openKnex, withKnex } from '../shared/knex-connection.js';
import { currentVersion, runMigrations } from '../shared/migration-runner.js';
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

/**
 * A repository on its own pool at a Nova connection URL, creating the tables
 * first when they are missing or behind; `created` says they were made now.
 * NOTE(startup): an up-to-date schema costs one query, not a migrator run.
 */
export async function openImageDatabase(
  url: string,
  opts: OpenOptions = {},
): Promise<{ repository: KnexImageRepository; created: boolean }> {
  const db = openKnex(url, opts);
  try {
    const version = await currentVersion(db, IMAGE_MIGRATION_SET);
    if (version < IMAGE_MIGRATIONS.length) await runMigrations(db, IMAGE_MIGRATION_SET);
    return { repository: new KnexImageRepository(db), created: version === 0 };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/** A repository on its own pool at a Nova connection URL; the tables must exist (syncImageDatabase). */
export function openImageRepository(url: string, opts: OpenOptions = {}): KnexImageRepository {
  return new KnexImageRepository(openKnex(url, opts));
}
