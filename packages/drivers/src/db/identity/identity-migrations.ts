/**
 * The embedded identity service's tables, kept in the API database with a
 * bookkeeping table of their own (`identity_migrate_version`), so that the
 * identity service creates them when missing without touching nova_api's
 * version. Names carry an `identity_` prefix: Keystone's own `user`, `group`
 * and `role` are reserved words on MySQL and PostgreSQL. Attributes Keystone
 * keeps as free-form `extra` (a service's name, a user's email) are JSON text.
 */
import type { Knex } from 'knex';
import { DATETIME6 } from '../shared/column-types.js';
import type { Migration, MigrationSet } from '../shared/migration-runner.js';

const ID = 64;

export const IDENTITY_MIGRATIONS: readonly Migration[] = [
  {
    name: '001_identity',
    async up(db: Knex) {
      await db.schema.createTable('identity_domains', (t) => {
        t.string('id', ID).primary();
        t.string('name', 64).notNullable();
        // NOTE(keystone): domain names are unique without regard to case.
        t.string('name_lower', 64).notNullable().unique({ indexName: 'uniq_identity_domains0name_lower' });
        t.text('description').nullable();
        t.boolean('enabled').notNullable().defaultTo(true);
        t.text('extra').nullable();
      });
      await db.schema.createTable('identity_projects', (t) => {
        t.string('id', ID).primary();
        t.string('name', 64).notNullable();
        t.string('domain_id', ID).notNullable();
        t.string('parent_id', ID).nullable();
        t.text('description').nullable();
        t.boolean('enabled').notNullable().defaultTo(true);
        t.text('tags').nullable();
        t.text('extra').nullable();
        t.unique(['domain_id', 'name'], { indexName: 'uniq_identity_projects0domain_id0name' });
      });
      await db.schema.createTable('identity_users', (t) => {
        t.string('id', ID).primary();
        t.string('name', 255).notNullable();
        t.string('domain_id', ID).notNullable();
        t.boolean('enabled').notNullable().defaultTo(true);
        t.string('default_project_id', ID).nullable();
        t.text('password_hash').nullable();
        t.text('extra').nullable();
        t.datetime('created_at', DATETIME6).nullable();
        t.unique(['domain_id', 'name'], { indexName: 'uniq_identity_users0domain_id0name' });
      });
      await db.schema.createTable('identity_groups', (t) => {
        t.string('id', ID).primary();
        t.string('name', 64).notNullable();
        t.string('domain_id', ID).notNullable();
        t.text('description').nullable();
        t.text('extra').nullable();
        t.unique(['domain_id', 'name'], { indexName: 'uniq_identity_groups0domain_id0name' });
      });
      await db.schema.createTable('identity_group_members', (t) => {
        t.string('group_id', ID).notNullable();
        t.string('user_id', ID).notNullable();
        t.primary(['group_id', 'user_id']);
        t.index(['user_id'], 'identity_group_members_user_idx');
      });
      await db.schema.createTable('identity_roles', (t) => {
        t.string('id', ID).primary();
        t.string('name', 255).notNullable();
        // NOTE(keystone): '<<null>>' marks a global role so that the unique key also holds for them.
        t.string('domain_id', ID).notNullable().defaultTo('<<null>>');
        t.text('description').nullable();
        t.text('extra').nullable();
        t.unique(['domain_id', 'name'], { indexName: 'uniq_identity_roles0domain_id0name' });
      });
      await db.schema.createTable('identity_implied_roles', (t) => {
        t.string('prior_role_id', ID).notNullable();
        t.string('implied_role_id', ID).notNullable();
        t.primary(['prior_role_id', 'implied_role_id']);
      });
      await db.schema.createTable('identity_assignments', (t) => {
        // UserProject, GroupProject, UserDomain, GroupDomain, UserSystem, GroupSystem.
        t.string('type', 16).notNullable();
        t.string('actor_id', ID).notNullable();
        t.string('target_id', ID).notNullable();
        t.string('role_id', ID).notNullable();
        t.boolean('inherited').notNullable().defaultTo(false);
        t.primary(['type', 'actor_id', 'target_id', 'role_id', 'inherited']);
        t.index(['actor_id'], 'identity_assignments_actor_idx');
        t.index(['target_id'], 'identity_assignments_target_idx');
      });
      await db.schema.createTable('identity_regions', (t) => {
        t.string('id', 255).primary();
        t.text('description').nullable();
        t.string('parent_region_id', 255).nullable();
        t.text('extra').nullable();
      });
      await db.schema.createTable('identity_services', (t) => {
        // NOTE(catalog): seq keeps creation order, which is the order of the token's catalog.
        t.increments('seq');
        t.string('id', ID).notNullable().unique({ indexName: 'uniq_identity_services0id' });
        t.string('type', 255).notNullable();
        t.boolean('enabled').notNullable().defaultTo(true);
        t.text('extra').nullable();
      });
      await db.schema.createTable('identity_endpoints', (t) => {
        t.increments('seq');
        t.string('id', ID).notNullable().unique({ indexName: 'uniq_identity_endpoints0id' });
        t.string('service_id', ID).notNullable();
        t.string('interface', 8).notNullable();
        t.string('region_id', 255).nullable();
        t.text('url').notNullable();
        t.boolean('enabled').notNullable().defaultTo(true);
        t.text('extra').nullable();
        t.index(['service_id'], 'identity_endpoints_service_idx');
      });
      await db.schema.createTable('identity_credentials', (t) => {
        t.string('id', ID).primary();
        t.string('user_id', ID).notNullable();
        t.string('project_id', ID).nullable();
        t.string('type', 255).notNullable();
        t.text('blob').notNullable();
        t.text('extra').nullable();
        t.index(['user_id'], 'identity_credentials_user_idx');
      });
      await db.schema.createTable('identity_app_credentials', (t) => {
        t.string('id', ID).primary();
        t.string('name', 255).notNullable();
        t.string('user_id', ID).notNullable();
        t.string('project_id', ID).nullable();
        t.text('secret_hash').notNullable();
        t.text('description').nullable();
        t.datetime('expires_at', DATETIME6).nullable();
        t.boolean('unrestricted').notNullable().defaultTo(false);
        t.text('roles').notNullable();
        t.unique(['user_id', 'name'], { indexName: 'uniq_identity_app_credentials0user_id0name' });
      });
      await db.schema.createTable('identity_tokens', (t) => {
        // NOTE(secrets): the SHA-256 of the token, never the token itself.
        t.string('id', ID).primary();
        t.string('user_id', ID).notNullable();
        t.string('project_id', ID).nullable();
        t.string('domain_id', ID).nullable();
        t.boolean('system').notNullable().defaultTo(false);
        t.string('methods', 255).notNullable();
        t.string('audit_id', 32).notNullable();
        t.string('parent_audit_id', 32).nullable();
        t.string('app_cred_id', ID).nullable();
        t.datetime('issued_at', DATETIME6).notNullable();
        t.datetime('expires_at', DATETIME6).notNullable();
        t.boolean('revoked').notNullable().defaultTo(false);
        t.index(['user_id'], 'identity_tokens_user_idx');
        t.index(['audit_id'], 'identity_tokens_audit_idx');
        t.index(['expires_at'], 'identity_tokens_expires_idx');
      });
    },
  },
];

/** The identity schema with its bookkeeping table `identity_migrate_version`. */
export const IDENTITY_MIGRATION_SET: MigrationSet = {
  table: 'identity_migrate_version',
  migrations: IDENTITY_MIGRATIONS,
};
