/**
 * Resource class name <-> id, cached per process. A miss re-reads the table,
 * since another Placement process may have created a custom class; local
 * renames and deletes clear the cache.
 */
import type { Knex } from 'knex';

export class ResourceClassCache {
  #byName = new Map<string, number>();
  #byId = new Map<number, string>();
  #loaded = false;

  constructor(private readonly knex: Knex) {}

  async reload(q: Knex | Knex.Transaction = this.knex): Promise<void> {
    const rows = await q('resource_classes').select('id', 'name').orderBy('id');
    this.#byName = new Map(rows.map((r) => [r.name as string, Number(r.id)]));
    this.#byId = new Map(rows.map((r) => [Number(r.id), r.name as string]));
    this.#loaded = true;
  }

  invalidate(): void {
    this.#loaded = false;
  }

  /** The id of `name`, or undefined when no such class exists. */
  async idOf(name: string, q?: Knex | Knex.Transaction): Promise<number | undefined> {
    if (!this.#loaded || !this.#byName.has(name)) await this.reload(q);
    return this.#byName.get(name);
  }

  async nameOf(id: number, q?: Knex | Knex.Transaction): Promise<string> {
    if (!this.#loaded || !this.#byId.has(id)) await this.reload(q);
    return this.#byId.get(id) ?? `UNKNOWN_${id}`;
  }

  /** Id -> name for rows already read; reloads once when any id is unknown. */
  async names(q?: Knex | Knex.Transaction): Promise<ReadonlyMap<number, string>> {
    if (!this.#loaded) await this.reload(q);
    return this.#byId;
  }

  async namesFor(ids: readonly number[], q?: Knex | Knex.Transaction): Promise<ReadonlyMap<number, string>> {
    if (!this.#loaded || ids.some((id) => !this.#byId.has(id))) await this.reload(q);
    return this.#byId;
  }
}
