/** Key pairs in nova_api `key_pairs`, hard-deleted as in Nova's API database. */
import { Conflict, type KeyPair, type KeyPairRepository, type KeyPairType } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTime, nowDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';

interface KeyPairRow {
  readonly id: number | string;
  readonly name: string;
  readonly user_id: string;
  readonly fingerprint: string | null;
  readonly public_key: string | null;
  readonly type: string;
  readonly created_at: unknown;
}

function fromRow(r: KeyPairRow): KeyPair {
  return {
    id: Number(r.id),
    name: r.name,
    user_id: r.user_id,
    fingerprint: r.fingerprint ?? '',
    public_key: r.public_key ?? '',
    type: r.type as KeyPairType,
    created_at: fromDbTime(r.created_at) ?? '',
  };
}

/** Nova's KeyPairExists (409). */
export class KeyPairExists extends Conflict {
  override readonly code = 'compute.keypair.exists';
  constructor(name: string) {
    super(`Key pair '${name}' already exists.`);
  }
}

export class KnexKeyPairRepository implements KeyPairRepository {
  constructor(private readonly db: Knex) {}

  async create(k: Omit<KeyPair, 'id' | 'created_at'>): Promise<KeyPair> {
    try {
      await this.db('key_pairs').insert({ ...k, created_at: nowDbTime() });
    } catch (err) {
      if (dbErrorKind(err) === 'duplicate') throw new KeyPairExists(k.name);
      throw err;
    }
    return (await this.get(k.user_id, k.name))!;
  }

  async get(userId: string, name: string): Promise<KeyPair | null> {
    const row = await this.db('key_pairs').first('*').where({ user_id: userId, name });
    return row ? fromRow(row) : null;
  }

  async list(userId: string): Promise<KeyPair[]> {
    return (await this.db('key_pairs').select('*').where('user_id', userId).orderBy('name')).map(fromRow);
  }

  async delete(userId: string, name: string): Promise<boolean> {
    return affectedRows(await this.db('key_pairs').where({ user_id: userId, name }).del()) > 0;
  }
}
