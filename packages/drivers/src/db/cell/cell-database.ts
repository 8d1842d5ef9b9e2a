/**
 * A cell database (nova, nova_cell0, ...) behind core's CellDatabase port:
 * open a handle with every repository on one knex pool, sync the schema
 * (`nova-manage db sync`, idempotent) and report its version.
 */
import type { CellDatabase } from '@novats/core';
import type { Knex } from 'knex';
import { type OpenOptions, openKnex, withKnex } from '../shared/knex-connection.js';
import { currentVersion, runMigrations } from '../shared/migration-runner.js';
import { CELL_MIGRATION_SET, CELL_MIGRATIONS } from './cell-migrations.js';
import { KnexComputeNodeRepository } from './compute-node-repository.js';
import { KnexConsoleAuthTokenRepository } from './console-auth-token-repository.js';
import { KnexDeletedRowArchive } from './deleted-row-archive.js';
import { KnexInstanceActionRepository } from './instance-action-repository.js';
import { KnexInstanceRepository } from './instance-repository.js';
import { KnexMigrationRepository } from './migration-repository.js';
import { KnexServiceRepository } from './service-repository.js';
import { KnexSystemMetadataRepository } from './system-metadata-repository.js';
import { KnexTaskLogRepository } from './task-log-repository.js';

/** The CellDatabase port on knex; `knex` is exposed for nova-manage and tests. */
export class KnexCellDatabase implements CellDatabase {
  readonly instances: KnexInstanceRepository;
  readonly computeNodes: KnexComputeNodeRepository;
  readonly services: KnexServiceRepository;
  readonly archive: KnexDeletedRowArchive;
  readonly instanceActions: KnexInstanceActionRepository;
  readonly migrations: KnexMigrationRepository;
  readonly consoleAuthTokens: KnexConsoleAuthTokenRepository;
  readonly systemMetadata: KnexSystemMetadataRepository;
  readonly taskLogs: KnexTaskLogRepository;

  constructor(readonly knex: Knex) {
    this.instances = new KnexInstanceRepository(knex);
    this.computeNodes = new KnexComputeNodeRepository(knex);
    this.services = new KnexServiceRepository(knex);
    this.archive = new KnexDeletedRowArchive(knex);
    this.instanceActions = new KnexInstanceActionRepository(knex);
    this.migrations = new KnexMigrationRepository(knex);
    this.consoleAuthTokens = new KnexConsoleAuthTokenRepository(knex);
    this.systemMetadata = new KnexSystemMetadataRepository(knex);
    this.taskLogs = new KnexTaskLogRepository(knex);
  }

  /** The schema version of this database (what `nova-manage ... version` prints), on this handle. */
  schemaVersion(): Promise<number> {
    return currentVersion(this.knex, CELL_MIGRATION_SET);
  }

  close(): Promise<void> {
    return this.knex.destroy();
  }
}

/** Opens a cell database; the schema must already be synced (syncCellDatabase). */
export async function openCellDatabase(url: string, opts: OpenOptions = {}): Promise<KnexCellDatabase> {
  return new KnexCellDatabase(openKnex(url, opts));
}

/** Brings the schema to the newest version; safe to run again. Resolves that version. */
export function syncCellDatabase(url: string): Promise<number> {
  return withKnex(url, (db) => runMigrations(db, CELL_MIGRATION_SET));
}

/** The schema version of a cell database; 0 when never synced. */
export function cellDatabaseVersion(url: string): Promise<number> {
  return withKnex(url, (db) => currentVersion(db, CELL_MIGRATION_SET));
}

/** The version syncCellDatabase reaches. */
export const CELL_DATABASE_HEAD = CELL_MIGRATIONS.length;
