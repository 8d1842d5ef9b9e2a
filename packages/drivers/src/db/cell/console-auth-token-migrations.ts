/**
 * Nova's `console_auth_tokens` cell table: console authorizations stored by
 * the sha256 of their token, with Nova's indexes (by instance for the
 * clean-up on delete, by host and expiry for the periodic purge). No soft
 * delete: a token is removed outright when it expires or its instance goes.
 */
import type { Migration } from '../shared/migration-runner.js';

export const CONSOLE_AUTH_TOKEN_MIGRATIONS: readonly Migration[] = [
  {
    name: '006_console_auth_tokens',
    async up(db) {
      await db.schema.createTable('console_auth_tokens', (t) => {
        t.increments('id');
        t.string('token_hash', 255).notNullable();
        t.string('console_type', 255).notNullable();
        t.string('host', 255).notNullable();
        t.integer('port').notNullable();
        t.string('internal_access_path', 255).nullable();
        t.string('instance_uuid', 36).notNullable();
        // NOTE(nova): Unix seconds in an integer column, as Nova stores it.
        t.integer('expires').notNullable();
        t.string('access_url_base', 255).nullable();
        t.datetime('created_at', { precision: 6, useTz: false }).nullable();
        t.datetime('updated_at', { precision: 6, useTz: false }).nullable();
        t.unique(['token_hash'], { indexName: 'uniq_console_auth_tokens0token_hash' });
        t.index(['instance_uuid'], 'console_auth_tokens_instance_uuid_idx');
        t.index(['host', 'expires'], 'console_auth_tokens_host_expires_idx');
        t.index(['token_hash', 'instance_uuid'], 'console_auth_tokens_token_hash_instance_uuid_idx');
      });
    },
  },
];
