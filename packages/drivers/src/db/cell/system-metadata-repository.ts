/**
 * `instance_system_metadata` rows of one cell. A key is replaced by
 * soft-deleting its row and inserting a new one, as Nova's metadata tables
 * keep history; the "unless set" check and the write share one transaction.
 */
import type { SystemMetadataRepository } from '@novats/core';
import type { Knex } from 'knex';
import { nowDbTime } from '../shared/db-time.js';

export class KnexSystemMetadataRepository implements SystemMetadataRepository {
  constructor(private readonly db: Knex) {}

  async get(instanceUuid: string, trx: Knex = this.db): Promise<Record<string, string>> {
    const rows = await trx('instance_system_metadata')
      .select('key', 'value')
      .where({ instance_uuid: instanceUuid, deleted: 0 });
    return Object.fromEntries(rows.map((r) => [String(r.key), String(r.value ?? '')]));
  }

  async set(
    instanceUuid: string,
    values: Readonly<Record<string, string>>,
    opts: { readonly unlessSet?: readonly string[] } = {},
  ): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      const current = await this.get(instanceUuid, trx);
      if ((opts.unlessSet ?? []).some((k) => (current[k] ?? '') !== '')) return false;
      const keys = Object.keys(values);
      if (keys.length === 0) return true;
      const now = nowDbTime();
      const old = await trx('instance_system_metadata')
        .select('id')
        .where({ instance_uuid: instanceUuid, deleted: 0 })
        .whereIn('key', keys);
      for (const r of old) {
        await trx('instance_system_metadata').where('id', r.id).update({ deleted: r.id, deleted_at: now });
      }
      await trx('instance_system_metadata').insert(
        keys.map((key) => ({ instance_uuid: instanceUuid, key, value: values[key], created_at: now })),
      );
      return true;
    });
  }
}
