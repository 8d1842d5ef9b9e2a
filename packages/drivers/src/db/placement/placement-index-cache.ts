/**
 * Keeps one in-memory ProviderIndex per process coherent with the database.
 * Before serving a query it reads the change counter (one cheap SELECT); if
 * another process wrote, the index is rebuilt from a consistent snapshot.
 * This process's own claims are applied in place (usages and generations)
 * when they are the very next change, so claims do not force rebuilds.
 */
import { ProviderIndex, type ProviderIndexSnapshot } from '@novats/core';
import type { Knex } from 'knex';
import { sqlDialectOf } from '../shared/sql-dialect.js';
import type { ResourceClassCache } from './resource-class-cache.js';

/** What a claim changed on one provider, for in-place index updates. */
export interface ProviderUsageDelta {
  readonly uuid: string;
  /** The provider's generation after the write; absent when the write left it alone. */
  readonly generation?: number;
  /** New usage of every class the claim touched (0 when freed). */
  readonly usages?: Readonly<Record<string, number>>;
  /**
   * Amounts the write gave back, by class: subtracted from the usage the
   * index holds, which is exact because deltas apply in counter order.
   */
  readonly freed?: Readonly<Record<string, number>>;
}

/** Claims held back at most (a gap that never fills is closed by the next rebuild). */
const MAX_PENDING = 256;

async function readCounter(q: Knex | Knex.Transaction): Promise<number> {
  const row = await q('placement_change_counter').where({ id: 1 }).first('counter');
  return Number(row?.counter ?? 0);
}

export class PlacementIndexCache {
  #index: ProviderIndex | undefined;
  #counter = -1;
  #loading: Promise<{ index: ProviderIndex; counter: number }> | undefined;
  /**
   * This process's claims that committed after a change the index has not
   * applied yet, by counter. Concurrent claims commit in counter order (the
   * counter row is the last lock each takes) but their replies may come back
   * in any order; a claim that overtook the one before it waits here instead
   * of forcing a rebuild from the database.
   */
  readonly #pending = new Map<number, readonly ProviderUsageDelta[]>();

  #verifiedAt = -Infinity;

  /**
   * @param maxAgeMs skip the counter read when the index was verified this
   *   recently (0: always verify). Safe because every claim re-checks
   *   capacity in the database; a stale index only costs a 409 and a retry.
   */
  constructor(
    private readonly knex: Knex,
    private readonly classes: ResourceClassCache,
    private readonly maxAgeMs = 0,
    private readonly now: () => number = () => performance.now(),
    /** The connections default to READ COMMITTED (see KnexPlacementStore). */
    private readonly readCommittedSessions = false,
  ) {}

  /** An index at least as new as the database was when this was called (or `maxAgeMs` before). */
  async get(): Promise<ProviderIndex> {
    if (this.maxAgeMs > 0 && this.#index && this.now() - this.#verifiedAt < this.maxAgeMs) return this.#index;
    const started = this.now();
    const current = await readCounter(this.knex);
    this.#verifiedAt = started;
    for (;;) {
      if (this.#index && this.#counter >= current) return this.#index;
      if (!this.#loading) {
        this.#loading = this.#load().finally(() => {
          this.#loading = undefined;
        });
      }
      const loaded = await this.#loading;
      if (loaded.counter > this.#counter) {
        this.#index = loaded.index;
        this.#counter = loaded.counter;
        this.#applyPending();
      }
    }
  }

  /** Called after a commit; `deltas` only for usage-only changes (claims). */
  afterWrite(counter: number, deltas?: readonly ProviderUsageDelta[]): void {
    if (this.#index && deltas && counter > this.#counter + 1 && this.#pending.size < MAX_PENDING) {
      this.#pending.set(counter, deltas);
    } else if (this.#index && deltas && counter === this.#counter + 1) {
      this.#pending.set(counter, deltas);
      this.#applyPending();
      return;
    }
    // Our own write must be visible to our next query, whatever the max age.
    this.#verifiedAt = -Infinity;
  }

  /** Applies the pending claims that follow the index's counter without a gap; drops those it already holds. */
  #applyPending(): void {
    const index = this.#index;
    if (!index) return;
    for (let next = this.#pending.get(this.#counter + 1); next; next = this.#pending.get(this.#counter + 1)) {
      for (const d of next) {
        if (d.generation !== undefined) index.setGeneration(d.uuid, d.generation);
        for (const [rc, used] of Object.entries(d.usages ?? {})) index.setUsage(d.uuid, rc, used);
        for (const [rc, used] of Object.entries(d.freed ?? {})) index.addUsage(d.uuid, rc, -used);
      }
      this.#pending.delete(++this.#counter);
    }
    for (const counter of this.#pending.keys()) if (counter <= this.#counter) this.#pending.delete(counter);
  }

  async #load(): Promise<{ index: ProviderIndex; counter: number }> {
    const names = await this.classes.names();
    // NOTE(snapshot): the counter and the rows must come from one snapshot.
    // MySQL's default REPEATABLE READ and SQLite's single connection give
    // that; PostgreSQL's default READ COMMITTED snapshots every statement,
    // and so do MySQL sessions set to READ COMMITTED.
    // (knex writes MySQL's two characteristics without the comma it needs, so no READ ONLY there.)
    const dialect = sqlDialectOf(this.knex);
    const config =
      dialect === 'postgresql'
        ? { isolationLevel: 'repeatable read' as const, readOnly: true }
        : this.readCommittedSessions
          ? { isolationLevel: 'repeatable read' as const }
          : undefined;
    return this.knex.transaction(async (trx) => {
      const counter = await readCounter(trx);
      const rows = await trx('resource_providers')
        .select('id', 'uuid', 'name', 'generation', 'parent_provider_id', 'root_provider_id')
        .orderBy('id');
      const uuidOf = new Map<number, string>(rows.map((r) => [Number(r.id), r.uuid as string]));
      const className = async (id: number) => names.get(id) ?? (await this.classes.nameOf(id, trx));
      const inventories: ProviderIndexSnapshot['inventories'][number][] = [];
      for (const r of await trx('inventories').select()) {
        inventories.push({
          provider_uuid: uuidOf.get(Number(r.resource_provider_id))!,
          resource_class: await className(Number(r.resource_class_id)),
          total: Number(r.total),
          reserved: Number(r.reserved),
          min_unit: Number(r.min_unit),
          max_unit: Number(r.max_unit),
          step_size: Number(r.step_size),
          allocation_ratio: Number(r.allocation_ratio),
        });
      }
      const usageRows: any[] = await trx('allocations')
        .select('resource_provider_id', 'resource_class_id')
        .sum({ used: 'used' })
        .groupBy('resource_provider_id', 'resource_class_id');
      const usages = [];
      for (const r of usageRows) {
        usages.push({
          provider_uuid: uuidOf.get(Number(r.resource_provider_id))!,
          resource_class: await className(Number(r.resource_class_id)),
          used: Number(r.used),
        });
      }
      const traits = (
        await trx('resource_provider_traits as rpt')
          .join('traits as t', 't.id', 'rpt.trait_id')
          .orderBy('t.id')
          .select('rpt.resource_provider_id', 't.name')
      ).map((r) => ({ provider_uuid: uuidOf.get(Number(r.resource_provider_id))!, trait: r.name as string }));
      const aggregates = (
        await trx('resource_provider_aggregates as rpa')
          .join('placement_aggregates as a', 'a.id', 'rpa.aggregate_id')
          .select('rpa.resource_provider_id', 'a.uuid')
      ).map((r) => ({
        provider_uuid: uuidOf.get(Number(r.resource_provider_id))!,
        aggregate: r.uuid as string,
      }));
      const providers = rows.map((r) => ({
        uuid: r.uuid as string,
        name: r.name as string,
        generation: Number(r.generation),
        parent_provider_uuid: r.parent_provider_id == null ? null : uuidOf.get(Number(r.parent_provider_id))!,
        root_provider_uuid: uuidOf.get(Number(r.root_provider_id ?? r.id))!,
      }));
      return { index: ProviderIndex.build({ providers, inventories, usages, traits, aggregates }), counter };
    }, config);
  }
}
