/**
 * The nova_api database behind core's ApiDatabase port: open a handle with
 * every repository on one knex pool, sync the schema (`nova-manage api_db
 * sync`, idempotent) and report its version (`nova-manage api_db version`).
 */
import type { ApiDatabase } from '@novats/core';
import type { Knex } from 'knex';
import { type OpenOptions, openKnex, withKnex } from '../shared/knex-connection.js';
import { currentVersion, runMigrations } from '../shared/migration-runner.js';
import { KnexAggregateRepository } from './aggregate-repository.js';
import { API_MIGRATION_SET, API_MIGRATIONS } from './api-migrations.js';
import { KnexBuildRequestRepository } from './build-request-repository.js';
import { KnexCellMappingRepository } from './cell-mapping-repository.js';
import { KnexEc2IdRepository } from './ec2-id-repository.js';
import { KnexFlavorRepository } from './flavor-repository.js';
import { KnexHostMappingRepository } from './host-mapping-repository.js';
import { KnexInstanceGroupRepository } from './instance-group-repository.js';
import { KnexInstanceMappingRepository } from './instance-mapping-repository.js';
import { KnexKeyPairRepository } from './key-pair-repository.js';
import { KnexLegacyCellRepository } from './legacy-cell-repository.js';
import { KnexQuotaRepository } from './quota-repository.js';
import { KnexRequestSpecRepository } from './request-spec-repository.js';

/** The ApiDatabase port on knex; `knex` is exposed for nova-manage and tests. */
export class KnexApiDatabase implements ApiDatabase {
  readonly flavors: KnexFlavorRepository;
  readonly buildRequests: KnexBuildRequestRepository;
  readonly requestSpecs: KnexRequestSpecRepository;
  readonly instanceMappings: KnexInstanceMappingRepository;
  readonly cellMappings: KnexCellMappingRepository;
  readonly hostMappings: KnexHostMappingRepository;
  readonly legacyCells: KnexLegacyCellRepository;
  readonly aggregates: KnexAggregateRepository;
  readonly keyPairs: KnexKeyPairRepository;
  readonly ec2Ids: KnexEc2IdRepository;
  readonly quotas: KnexQuotaRepository;
  readonly instanceGroups: KnexInstanceGroupRepository;

  constructor(readonly knex: Knex) {
    this.flavors = new KnexFlavorRepository(knex);
    this.buildRequests = new KnexBuildRequestRepository(knex);
    this.requestSpecs = new KnexRequestSpecRepository(knex);
    this.instanceMappings = new KnexInstanceMappingRepository(knex);
    this.cellMappings = new KnexCellMappingRepository(knex);
    this.hostMappings = new KnexHostMappingRepository(knex);
    this.legacyCells = new KnexLegacyCellRepository(knex);
    this.aggregates = new KnexAggregateRepository(knex);
    this.keyPairs = new KnexKeyPairRepository(knex);
    this.ec2Ids = new KnexEc2IdRepository(knex);
    this.quotas = new KnexQuotaRepository(knex);
    this.instanceGroups = new KnexInstanceGroupRepository(knex);
  }

  /** The schema version of this database (what `nova-manage ... version` prints), on this handle. */
  schemaVersion(): Promise<number> {
    return currentVersion(this.knex, API_MIGRATION_SET);
  }

  close(): Promise<void> {
    return this.knex.destroy();
  }
}

/**
 * Opens the API database at a Nova connection URL. The schema must already be
 * synced (syncApiDatabase); opening never migrates behind the operator's back.
 */
export async function openApiDatabase(url: string, opts: OpenOptions = {}): Promise<KnexApiDatabase> {
  return new KnexApiDatabase(openKnex(url, opts));
}

/** Brings the schema to the newest version; safe to run again. Resolves that version. */
export function syncApiDatabase(url: string): Promise<number> {
  return withKnex(url, (db) => runMigrations(db, API_MIGRATION_SET));
}

/** The schema version of the API database; 0 when never synced. */
export function apiDatabaseVersion(url: string): Promise<number> {
  return withKnex(url, (db) => currentVersion(db, API_MIGRATION_SET));
}

/** The version syncApiDatabase reaches. */
export const API_DATABASE_HEAD = API_MIGRATIONS.length;
