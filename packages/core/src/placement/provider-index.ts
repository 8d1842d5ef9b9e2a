/**
 * An in-memory snapshot of every resource provider, built for queries over
 * 100k providers: one column per resource class (typed arrays indexed by a
 * slot, plus a provider -> slot table), one bitset per trait and a sparse map
 * per aggregate. Queries scan the smallest requested column and test the rest
 * in O(1) per provider without allocating. Only usages and generations are
 * updated in place; any other change is a rebuild by the store.
 */
import { capacity } from './inventory.js';
import type { Inventory, ResourceProvider } from './types.js';

/** The rows a store hands to {@link ProviderIndex.build}; providers in creation (id) order. */
export interface ProviderIndexSnapshot {
  readonly providers: readonly ResourceProvider[];
  readonly inventories: readonly ({
    readonly provider_uuid: string;
    readonly resource_class: string;
  } & Inventory)[];
  readonly usages: readonly {
    readonly provider_uuid: string;
    readonly resource_class: string;
    readonly used: number;
  }[];
  readonly traits: readonly { readonly provider_uuid: string; readonly trait: string }[];
  readonly aggregates: readonly { readonly provider_uuid: string; readonly aggregate: string }[];
}

/** One resource class across all providers that have an inventory of it. */
export interface ResourceColumn {
  /** Provider positions, ascending. */
  readonly providers: Int32Array;
  /** Provider position -> slot in the arrays below, -1 when it has none. */
  readonly slotOf: Int32Array;
  readonly total: Float64Array;
  readonly reserved: Float64Array;
  readonly min_unit: Float64Array;
  readonly max_unit: Float64Array;
  readonly step_size: Float64Array;
  readonly allocation_ratio: Float64Array;
  readonly capacity: Float64Array;
  readonly used: Float64Array;
}

class Bitset {
  readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array((size >>> 5) + 1);
  }
  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
}

export class ProviderIndex {
  readonly size: number;
  readonly uuids: readonly string[];
  readonly names: readonly string[];
  readonly #generations: number[];
  /** Position of the parent, -1 for roots. */
  readonly parents: Int32Array;
  readonly roots: Int32Array;
  readonly #byUuid = new Map<string, number>();
  readonly #columns = new Map<string, ResourceColumn>();
  readonly #traits = new Map<string, Bitset>();
  readonly #aggregatesOf: (string[] | undefined)[];
  readonly #aggregateMembers = new Map<string, Set<number>>();
  /** True when some provider has a parent (nested trees are in play). */
  readonly hasNested: boolean;
  #trees: Map<number, number[]> | undefined;
  readonly #anchors = new Map<number, number[]>();

  private constructor(snapshot: ProviderIndexSnapshot) {
    const n = snapshot.providers.length;
    this.size = n;
    this.uuids = snapshot.providers.map((p) => p.uuid);
    this.names = snapshot.providers.map((p) => p.name);
    this.#generations = snapshot.providers.map((p) => p.generation);
    this.parents = new Int32Array(n).fill(-1);
    this.roots = new Int32Array(n);
    this.#aggregatesOf = new Array(n);
    for (let i = 0; i < n; i++) this.#byUuid.set(this.uuids[i]!, i);
    snapshot.providers.forEach((p, i) => {
      this.parents[i] =
        p.parent_provider_uuid === null ? -1 : (this.#byUuid.get(p.parent_provider_uuid) ?? -1);
      this.roots[i] = this.#byUuid.get(p.root_provider_uuid) ?? i;
    });
    this.hasNested = this.parents.some((p) => p >= 0);
    this.#buildColumns(snapshot);
    for (const t of snapshot.traits) {
      const i = this.#byUuid.get(t.provider_uuid);
      if (i === undefined) continue;
      let bits = this.#traits.get(t.trait);
      if (!bits) {
        bits = new Bitset(n);
        this.#traits.set(t.trait, bits);
      }
      bits.set(i);
    }
    for (const a of snapshot.aggregates) {
      const i = this.#byUuid.get(a.provider_uuid);
      if (i === undefined) continue;
      const own = this.#aggregatesOf[i] ?? [];
      own.push(a.aggregate);
      this.#aggregatesOf[i] = own;
      let members = this.#aggregateMembers.get(a.aggregate);
      if (!members) {
        members = new Set();
        this.#aggregateMembers.set(a.aggregate, members);
      }
      members.add(i);
    }
  }

  static build(snapshot: ProviderIndexSnapshot): ProviderIndex {
    return new ProviderIndex(snapshot);
  }

  #buildColumns(snapshot: ProviderIndexSnapshot): void {
    const byClass = new Map<string, { pos: number; inv: Inventory }[]>();
    for (const row of snapshot.inventories) {
      const pos = this.#byUuid.get(row.provider_uuid);
      if (pos === undefined) continue;
      let list = byClass.get(row.resource_class);
      if (!list) {
        list = [];
        byClass.set(row.resource_class, list);
      }
      list.push({ pos, inv: row });
    }
    for (const [rc, list] of byClass) {
      list.sort((a, b) => a.pos - b.pos);
      const m = list.length;
      const col: ResourceColumn = {
        providers: new Int32Array(m),
        slotOf: new Int32Array(this.size).fill(-1),
        total: new Float64Array(m),
        reserved: new Float64Array(m),
        min_unit: new Float64Array(m),
        max_unit: new Float64Array(m),
        step_size: new Float64Array(m),
        allocation_ratio: new Float64Array(m),
        capacity: new Float64Array(m),
        used: new Float64Array(m),
      };
      list.forEach(({ pos, inv }, s) => {
        col.providers[s] = pos;
        col.slotOf[pos] = s;
        col.total[s] = inv.total;
        col.reserved[s] = inv.reserved;
        col.min_unit[s] = inv.min_unit;
        col.max_unit[s] = inv.max_unit;
        col.step_size[s] = inv.step_size;
        col.allocation_ratio[s] = inv.allocation_ratio;
        col.capacity[s] = capacity(inv);
      });
      this.#columns.set(rc, col);
    }
    for (const u of snapshot.usages) this.setUsage(u.provider_uuid, u.resource_class, u.used);
  }

  /** Position of a provider, or undefined when it is not in the snapshot. */
  positionOf(uuid: string): number | undefined {
    return this.#byUuid.get(uuid);
  }

  column(resourceClass: string): ResourceColumn | undefined {
    return this.#columns.get(resourceClass);
  }

  resourceClasses(): IterableIterator<string> {
    return this.#columns.keys();
  }

  generation(pos: number): number {
    return this.#generations[pos]!;
  }

  provider(pos: number): ResourceProvider {
    const parent = this.parents[pos]!;
    return {
      uuid: this.uuids[pos]!,
      name: this.names[pos]!,
      generation: this.#generations[pos]!,
      parent_provider_uuid: parent < 0 ? null : this.uuids[parent]!,
      root_provider_uuid: this.uuids[this.roots[pos]!]!,
    };
  }

  hasTrait(pos: number, trait: string): boolean {
    return this.#traits.get(trait)?.has(pos) ?? false;
  }

  /** The provider's traits, sorted; scans the trait bitsets (for summaries, not hot loops). */
  traitsOf(pos: number): string[] {
    const out: string[] = [];
    // In the snapshot's order: the database gives it by trait id, as Placement lists them.
    for (const [name, bits] of this.#traits) if (bits.has(pos)) out.push(name);
    return out;
  }

  aggregatesOf(pos: number): readonly string[] {
    return this.#aggregatesOf[pos] ?? [];
  }

  isMemberOf(pos: number, aggregate: string): boolean {
    return this.#aggregateMembers.get(aggregate)?.has(pos) ?? false;
  }

  /** Inventory and usage of every class the provider has, by class name. */
  resourcesOf(pos: number): Record<string, { capacity: number; used: number; inventory: Inventory }> {
    const out: Record<string, { capacity: number; used: number; inventory: Inventory }> = {};
    for (const [rc, col] of this.#columns) {
      const s = col.slotOf[pos]!;
      if (s < 0) continue;
      out[rc] = {
        capacity: col.capacity[s]!,
        used: col.used[s]!,
        inventory: {
          total: col.total[s]!,
          reserved: col.reserved[s]!,
          min_unit: col.min_unit[s]!,
          max_unit: col.max_unit[s]!,
          step_size: col.step_size[s]!,
          allocation_ratio: col.allocation_ratio[s]!,
        },
      };
    }
    return out;
  }

  /** Positions of every provider in the tree of `root`, ascending. */
  treeOf(root: number): readonly number[] {
    if (!this.#trees) {
      const trees = new Map<number, number[]>();
      for (let i = 0; i < this.size; i++) {
        const r = this.roots[i]!;
        const list = trees.get(r);
        if (list) list.push(i);
        else trees.set(r, [i]);
      }
      this.#trees = trees;
    }
    return this.#trees.get(root) ?? [];
  }

  /** True when `ancestor` is `pos` or one of its parents. */
  isAncestorOrSelf(ancestor: number, pos: number): boolean {
    for (let p = pos; p >= 0; p = this.parents[p]!) if (p === ancestor) return true;
    return false;
  }

  /**
   * Roots of the trees a sharing provider serves: the roots of every member
   * of its aggregates, itself included (Placement's anchors).
   */
  anchorsOf(pos: number): readonly number[] {
    let out = this.#anchors.get(pos);
    if (out) return out;
    const roots = new Set<number>([this.roots[pos]!]);
    for (const agg of this.aggregatesOf(pos))
      for (const m of this.#aggregateMembers.get(agg) ?? []) roots.add(this.roots[m]!);
    out = [...roots].sort((a, b) => a - b);
    this.#anchors.set(pos, out);
    return out;
  }

  /** Updates a usage in place; returns false when the provider has no such inventory. */
  setUsage(uuid: string, resourceClass: string, used: number): boolean {
    return this.#updateUsage(uuid, resourceClass, () => used);
  }

  /** Adds `amount` (negative: frees) to a usage in place; returns false when the provider has no such inventory. */
  addUsage(uuid: string, resourceClass: string, amount: number): boolean {
    return this.#updateUsage(uuid, resourceClass, (used) => used + amount);
  }

  /** Replaces the usage of the provider's inventory of `resourceClass` by `next(usage)`; false without one. */
  #updateUsage(uuid: string, resourceClass: string, next: (used: number) => number): boolean {
    const pos = this.#byUuid.get(uuid);
    const col = this.#columns.get(resourceClass);
    if (pos === undefined || !col) return false;
    const s = col.slotOf[pos]!;
    if (s < 0) return false;
    col.used[s] = next(col.used[s]!);
    return true;
  }

  /** Updates a generation in place; returns false for an unknown provider. */
  setGeneration(uuid: string, generation: number): boolean {
    const pos = this.#byUuid.get(uuid);
    if (pos === undefined) return false;
    this.#generations[pos] = generation;
    return true;
  }
}
