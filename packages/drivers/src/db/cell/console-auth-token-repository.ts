/**
 * Console authorizations (`console_auth_tokens`) on knex. Lookups go by the
 * token's hash and the expiry together, so an expired row is as good as
 * missing even before the purge removes it.
 */
import type { ConsoleAuthTokenRecord, ConsoleAuthTokenRepository } from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { nowDbTime } from '../shared/db-time.js';

const TABLE = 'console_auth_tokens';

function fromRow(r: Record<string, any>): ConsoleAuthTokenRecord {
  return {
    token_hash: r.token_hash,
    console_type: r.console_type,
    host: r.host,
    port: Number(r.port),
    internal_access_path: r.internal_access_path ?? null,
    instance_uuid: r.instance_uuid,
    access_url_base: r.access_url_base ?? null,
    expires: Number(r.expires),
  };
}

/** Every server delete runs this; knex compiles it once per dialect. */
const DELETE_FOR_INSTANCE = compiledStatement<{ instance_uuid: string }>((db, p) =>
  db(TABLE).where({ instance_uuid: p.instance_uuid }).delete(),
);

export class KnexConsoleAuthTokenRepository implements ConsoleAuthTokenRepository {
  constructor(private readonly db: Knex) {}

  async create(record: ConsoleAuthTokenRecord): Promise<void> {
    await this.db(TABLE).insert({ ...record, created_at: nowDbTime() });
  }

  async getValid(tokenHash: string, now: number): Promise<ConsoleAuthTokenRecord | null> {
    const row = await this.db(TABLE).where({ token_hash: tokenHash }).andWhere('expires', '>', now).first();
    return row ? fromRow(row) : null;
  }

  deleteForInstance(instanceUuid: string): Promise<number> {
    return DELETE_FOR_INSTANCE.run<number>(this.db, { instance_uuid: instanceUuid });
  }

  deleteExpired(now: number, host?: string): Promise<number> {
    const q = this.db(TABLE).where('expires', '<=', now);
    return (host === undefined ? q : q.andWhere({ host })).delete();
  }
}
