/**
 * EC2 integer ids (Nova's `instance_id_mappings` for instances, `s3_images`
 * for images): the auto-increment id of a row keyed by uuid. Rows are never
 * deleted, so an id is never given to another uuid.
 */
import type { Ec2IdKind, Ec2IdRepository } from '@novats/core';
import type { Knex } from 'knex';
import { dbErrorKind } from '../shared/db-errors.js';
import { nowDbTime } from '../shared/db-time.js';

const TABLES: Record<Ec2IdKind, string> = { instance: 'instance_id_mappings', image: 's3_images' };
/** Stays well under every dialect's bound-parameter limit. */
const IN_CHUNK = 500;

export class KnexEc2IdRepository implements Ec2IdRepository {
  constructor(private readonly db: Knex) {}

  async idFor(kind: Ec2IdKind, uuid: string): Promise<number> {
    return (await this.idsFor(kind, [uuid])).get(uuid)!;
  }

  async idsFor(kind: Ec2IdKind, uuids: readonly string[]): Promise<Map<string, number>> {
    const table = TABLES[kind];
    const wanted = [...new Set(uuids)];
    const found = await this.#read(table, wanted);
    const missing = wanted.filter((u) => !found.has(u));
    for (const uuid of missing) {
      try {
        await this.db(table).insert({ uuid, created_at: nowDbTime() });
      } catch (err) {
        // NOTE(race): another API worker gave it an id first; that id is read below.
        if (dbErrorKind(err) !== 'duplicate') throw err;
      }
    }
    if (missing.length > 0) for (const [u, id] of await this.#read(table, missing)) found.set(u, id);
    return found;
  }

  async uuidOf(kind: Ec2IdKind, id: number): Promise<string | null> {
    const row = await this.db(TABLES[kind]).first('uuid').where('id', id);
    return row ? String(row.uuid) : null;
  }

  async #read(table: string, uuids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < uuids.length; i += IN_CHUNK) {
      const rows = await this.db(table)
        .select('id', 'uuid')
        .whereIn('uuid', uuids.slice(i, i + IN_CHUNK));
      for (const r of rows) out.set(String(r.uuid), Number(r.id));
    }
    return out;
  }
}
