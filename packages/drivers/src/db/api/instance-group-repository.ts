/**
 * Server groups in nova_api: `instance_groups` with one
 * `instance_group_policy` row (policy and JSON rules) and the
 * `instance_group_member` rows, all hard-deleted as in Nova's API database.
 */
import {
  type InstanceGroup,
  InstanceGroupNotFound,
  type InstanceGroupRepository,
  type ServerGroupPolicy,
} from '@novats/core';
import type { Knex } from 'knex';
import { fromDbTime, nowDbTime } from '../shared/db-time.js';
import { insertReturningId } from '../shared/insert-returning-id.js';
import { affectedRows } from '../shared/knex-connection.js';

interface GroupRow {
  readonly id: number | string;
  readonly uuid: string;
  readonly name: string | null;
  readonly project_id: string | null;
  readonly user_id: string | null;
  readonly created_at: unknown;
  readonly updated_at: unknown;
}

export class KnexInstanceGroupRepository implements InstanceGroupRepository {
  constructor(private readonly db: Knex) {}

  async create(g: Parameters<InstanceGroupRepository['create']>[0]): Promise<InstanceGroup> {
    const now = nowDbTime();
    await this.db.transaction(async (trx) => {
      const id = await insertReturningId(trx, 'instance_groups', {
        uuid: g.uuid,
        name: g.name,
        project_id: g.project_id,
        user_id: g.user_id,
        created_at: now,
      });
      await trx('instance_group_policy').insert({
        group_id: id,
        policy: g.policy,
        rules: Object.keys(g.rules).length > 0 ? JSON.stringify(g.rules) : null,
        created_at: now,
      });
    });
    return this.get(g.uuid);
  }

  async get(uuid: string): Promise<InstanceGroup> {
    const row = await this.db('instance_groups').first('*').where('uuid', uuid);
    if (!row) throw new InstanceGroupNotFound(uuid);
    return (await this.#load([row]))[0];
  }

  async list(query: { readonly project_id: string | null }): Promise<InstanceGroup[]> {
    const q = this.db('instance_groups').select('*').orderBy('id');
    if (query.project_id !== null) q.where('project_id', query.project_id);
    return this.#load(await q);
  }

  async getByInstance(instanceUuid: string): Promise<InstanceGroup | null> {
    const row = await this.db('instance_groups as g')
      .join('instance_group_member as m', 'm.group_id', 'g.id')
      .first('g.*')
      .where('m.instance_uuid', instanceUuid);
    return row ? (await this.#load([row]))[0] : null;
  }

  async groupUuidOf(instanceUuid: string): Promise<string | null> {
    const row = await this.db('instance_groups as g')
      .join('instance_group_member as m', 'm.group_id', 'g.id')
      .first('g.uuid')
      .where('m.instance_uuid', instanceUuid);
    return row ? (row.uuid as string) : null;
  }

  async delete(uuid: string): Promise<void> {
    const row = await this.db('instance_groups').first('id').where('uuid', uuid);
    if (!row) throw new InstanceGroupNotFound(uuid);
    await this.db.transaction(async (trx) => {
      await trx('instance_group_member').where('group_id', row.id).delete();
      await trx('instance_group_policy').where('group_id', row.id).delete();
      await trx('instance_groups').where('id', row.id).delete();
    });
  }

  async addMembers(uuid: string, instanceUuids: readonly string[]): Promise<void> {
    const row = await this.db('instance_groups').first('id').where('uuid', uuid);
    if (!row) throw new InstanceGroupNotFound(uuid);
    const present = new Set(
      (
        await this.db('instance_group_member')
          .select('instance_uuid')
          .where('group_id', row.id)
          .whereIn('instance_uuid', [...instanceUuids])
      ).map((r) => r.instance_uuid as string),
    );
    const now = nowDbTime();
    const rows = [...new Set(instanceUuids)]
      .filter((u) => !present.has(u))
      .map((instance_uuid) => ({ group_id: row.id, instance_uuid, created_at: now }));
    if (rows.length > 0) await this.db('instance_group_member').insert(rows);
  }

  async removeMembers(uuid: string, instanceUuids: readonly string[]): Promise<void> {
    const row = await this.db('instance_groups').first('id').where('uuid', uuid);
    if (!row || instanceUuids.length === 0) return;
    await this.db('instance_group_member')
      .where('group_id', row.id)
      .whereIn('instance_uuid', [...instanceUuids])
      .delete();
  }

  async destroyMembersBulk(instanceUuids: readonly string[]): Promise<number> {
    if (instanceUuids.length === 0) return 0;
    return affectedRows(
      await this.db('instance_group_member')
        .whereIn('instance_uuid', [...instanceUuids])
        .delete(),
    );
  }

  async #load(rows: GroupRow[]): Promise<InstanceGroup[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const policies = await this.db('instance_group_policy')
      .select('group_id', 'policy', 'rules')
      .whereIn('group_id', ids);
    const members = await this.db('instance_group_member')
      .select('group_id', 'instance_uuid')
      .whereIn('group_id', ids)
      .orderBy('id');
    return rows.map((r) => {
      const id = Number(r.id);
      const p = policies.find((x) => Number(x.group_id) === id);
      const rules: Record<string, number> = {};
      for (const [k, v] of Object.entries(p?.rules ? JSON.parse(p.rules) : {})) rules[k] = Number(v);
      return {
        id,
        uuid: r.uuid,
        name: r.name,
        project_id: r.project_id ?? '',
        user_id: r.user_id ?? '',
        policy: (p?.policy ?? 'affinity') as ServerGroupPolicy,
        rules,
        members: members.filter((m) => Number(m.group_id) === id).map((m) => m.instance_uuid as string),
        created_at: fromDbTime(r.created_at),
        updated_at: fromDbTime(r.updated_at),
      };
    });
  }
}
