/**
 * Flavors in nova_api (`flavors`, `flavor_extra_specs`, `flavor_projects`).
 * Listing follows Nova's _flavor_get_all_from_db: public/private/both, plus
 * the private flavors a project was given; sorted by one key with `id` as the
 * tiebreaker in the same direction; extra specs fetched in one extra query.
 */
import {
  Conflict,
  type Flavor,
  type FlavorListQuery,
  FlavorNotFound,
  type FlavorRepository,
  InvalidInput,
  NotFound,
} from '@novats/core';
import type { Knex } from 'knex';
import { compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind, dbErrorMessage } from '../shared/db-errors.js';
import { fromDbTime, nowDbTime } from '../shared/db-time.js';
import { insertReturningId } from '../shared/insert-returning-id.js';
import { applyKeyset, applyOrder, markerNotFound, type SortKey } from '../shared/keyset-pagination.js';
import { affectedRows } from '../shared/knex-connection.js';
import { FLAVOR_SORT_KEYS, type FlavorRow, flavorFromRow, groupExtraSpecs } from './flavor-row.js';

/** Every server boot reads its flavor: one statement, the flavor joined with its extra specs (a row per spec). */
const GET_BY_FLAVOR_ID = compiledStatement<{ flavorid: string }>((db, p) =>
  db('flavors as f')
    .leftJoin('flavor_extra_specs as s', 's.flavor_id', 'f.id')
    .where('f.flavorid', p.flavorid)
    .select('f.*', 's.key as es_key', 's.value as es_value'),
);

export class KnexFlavorRepository implements FlavorRepository {
  constructor(private readonly db: Knex) {}

  async list(query: FlavorListQuery): Promise<Flavor[]> {
    if (query.limit === 0) return [];
    const dir = query.sort_dir ?? 'asc';
    if (dir !== 'asc' && dir !== 'desc') throw new InvalidInput(`Invalid sort direction: ${dir}`);
    const sortKey = query.sort_key ?? 'flavorid';
    if (!FLAVOR_SORT_KEYS.has(sortKey)) throw new InvalidInput(`Invalid sort key: ${sortKey}`);
    const keys: SortKey[] = [{ column: sortKey, dir }];
    if (sortKey !== 'id') keys.push({ column: 'id', dir });

    const qb = this.db<FlavorRow>('flavors').select('*');
    if (query.is_public !== undefined && query.is_public !== null) {
      const isPublic = query.is_public;
      const projectId = query.project_id;
      if (isPublic && projectId) {
        qb.where((w) =>
          w
            .where('is_public', true)
            .orWhereIn('id', this.db('flavor_projects').select('flavor_id').where('project_id', projectId)),
        );
      } else {
        qb.where('is_public', isPublic);
      }
    }
    if (query.min_memory_mb !== undefined) qb.where('memory_mb', '>=', query.min_memory_mb);
    if (query.min_root_gb !== undefined) qb.where('root_gb', '>=', query.min_root_gb);
    if (query.marker !== undefined) {
      const marker = await this.db('flavors')
        .first(...keys.map((k) => k.column))
        .where('flavorid', query.marker);
      if (!marker) throw markerNotFound(query.marker);
      applyKeyset(qb, keys, marker);
    }
    applyOrder(qb, keys);
    if (query.limit !== undefined) qb.limit(query.limit);
    const rows: FlavorRow[] = await qb;
    if (rows.length === 0) return [];
    const specs = groupExtraSpecs(
      await this.db('flavor_extra_specs')
        .select('flavor_id', 'key', 'value')
        .whereIn(
          'flavor_id',
          rows.map((r) => r.id),
        ),
    );
    return rows.map((r) => flavorFromRow(r, specs.get(r.id) ?? {}));
  }

  async getByFlavorId(flavorid: string): Promise<Flavor> {
    const rows = await GET_BY_FLAVOR_ID.run<Record<string, any>[]>(this.db, { flavorid });
    if (rows.length === 0) throw new FlavorNotFound(flavorid);
    const specs: Record<string, string> = {};
    for (const r of rows) if (r.es_key !== null && r.es_key !== undefined) specs[r.es_key] = r.es_value ?? '';
    return flavorFromRow(rows[0] as FlavorRow, specs);
  }

  async create(flavor: Omit<Flavor, 'id' | 'created_at' | 'updated_at'>): Promise<Flavor> {
    const now = nowDbTime();
    try {
      const id = await this.db.transaction(async (trx) => {
        const pk = await insertReturningId(trx, 'flavors', {
          flavorid: flavor.flavorid,
          name: flavor.name,
          memory_mb: flavor.memory_mb,
          vcpus: flavor.vcpus,
          root_gb: flavor.root_gb,
          ephemeral_gb: flavor.ephemeral_gb,
          swap: flavor.swap,
          rxtx_factor: flavor.rxtx_factor,
          vcpu_weight: flavor.vcpu_weight,
          disabled: flavor.disabled,
          is_public: flavor.is_public,
          description: flavor.description,
          created_at: now,
        });
        const specs = Object.entries(flavor.extra_specs ?? {});
        if (specs.length > 0) {
          await trx('flavor_extra_specs').insert(
            specs.map(([key, value]) => ({ flavor_id: pk, key, value, created_at: now })),
          );
        }
        return pk;
      });
      return {
        ...flavor,
        extra_specs: { ...flavor.extra_specs },
        id,
        created_at: fromDbTime(now)!,
        updated_at: null,
      };
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      if (/flavors(\.|0)flavorid/.test(dbErrorMessage(err)))
        throw new Conflict(`Flavor with ID ${flavor.flavorid} already exists.`);
      throw new Conflict(`Flavor with name ${flavor.name} already exists.`);
    }
  }

  async delete(flavorid: string): Promise<void> {
    const n = affectedRows(await this.db('flavors').where('flavorid', flavorid).del());
    if (n === 0) throw new FlavorNotFound(flavorid);
  }

  async update(flavorid: string, patch: { readonly description: string | null }): Promise<Flavor> {
    const n = affectedRows(
      await this.db('flavors')
        .where('flavorid', flavorid)
        .update({ description: patch.description, updated_at: nowDbTime() }),
    );
    if (n === 0) throw new FlavorNotFound(flavorid);
    return this.getByFlavorId(flavorid);
  }

  async updateExtraSpecs(
    flavorid: string,
    specs: Readonly<Record<string, string>>,
  ): Promise<Record<string, string>> {
    const pk = await this.#pk(flavorid);
    const now = nowDbTime();
    const rows = Object.entries(specs).map(([key, value]) => ({
      flavor_id: pk,
      key,
      value,
      created_at: now,
    }));
    if (rows.length > 0) {
      // knex renders this as ON CONFLICT ... DO UPDATE (SQLite) or ON DUPLICATE KEY UPDATE (MySQL).
      await this.db('flavor_extra_specs').insert(rows).onConflict(['flavor_id', 'key']).merge(['value']);
    }
    const all = await this.db('flavor_extra_specs')
      .select('flavor_id', 'key', 'value')
      .where('flavor_id', pk);
    return groupExtraSpecs(all).get(pk) ?? {};
  }

  async deleteExtraSpec(flavorid: string, key: string): Promise<void> {
    const pk = await this.#pk(flavorid);
    const n = affectedRows(await this.db('flavor_extra_specs').where({ flavor_id: pk, key }).del());
    if (n === 0) throw new NotFound(`Flavor ${flavorid} has no extra specs with key ${key}.`);
  }

  async listProjectAccess(flavorid: string): Promise<string[]> {
    const rows = await this.db('flavors as f')
      .leftJoin('flavor_projects as p', 'p.flavor_id', 'f.id')
      .where('f.flavorid', flavorid)
      .select('p.project_id')
      .orderBy('p.project_id');
    if (rows.length === 0) throw new FlavorNotFound(flavorid);
    return rows.map((r) => r.project_id).filter((p): p is string => p !== null && p !== undefined);
  }

  async addProjectAccess(flavorid: string, projectId: string): Promise<void> {
    const pk = await this.#pk(flavorid);
    try {
      await this.db('flavor_projects').insert({
        flavor_id: pk,
        project_id: projectId,
        created_at: nowDbTime(),
      });
    } catch (err) {
      if (dbErrorKind(err) !== 'duplicate') throw err;
      throw new Conflict(
        `Flavor access already exists for flavor ${flavorid} and project ${projectId} combination.`,
      );
    }
  }

  async removeProjectAccess(flavorid: string, projectId: string): Promise<void> {
    const pk = await this.#pk(flavorid);
    const n = affectedRows(
      await this.db('flavor_projects').where({ flavor_id: pk, project_id: projectId }).del(),
    );
    if (n === 0) throw new NotFound(`Flavor access not found for ${flavorid} / ${projectId} combination.`);
  }

  async #pk(flavorid: string): Promise<number> {
    const row = await this.db('flavors').first('id').where('flavorid', flavorid);
    if (!row) throw new FlavorNotFound(flavorid);
    return Number(row.id);
  }
}
