/**
 * GET /allocation_candidates (and the filters of GET /resource_providers)
 * over a ProviderIndex. This first cut satisfies a request from one provider
 * ("plain" providers); the query shape already carries what nested, sharing
 * and granular requests will need. Order is provider creation order unless
 * `randomize` (Placement's `randomize_allocation_candidates`) is set.
 */
import type { ProviderIndex, ResourceColumn } from './provider-index.js';
import type { AllocationCandidates, AllocationRequest, ProviderSummary, Resources } from './types.js';

/** A parsed provider query; every list is ANDed, every inner list is an any-of. */
export interface ProviderQuery {
  readonly resources?: Resources;
  /** Each inner list: the provider must have at least one of these traits. */
  readonly required?: readonly (readonly string[])[];
  /** The provider must have none of these traits (`!T`, 1.22). */
  readonly forbidden?: readonly string[];
  /** Traits the root provider must have / must not have (1.35). */
  readonly root_required?: readonly string[];
  readonly root_forbidden?: readonly string[];
  /** Each inner list: the provider must be in at least one of these aggregates. */
  readonly member_of?: readonly (readonly string[])[];
  /** The provider must be in none of these aggregates (`!in:`, 1.32). */
  readonly forbidden_member_of?: readonly string[];
  /** Only providers in the tree of this provider. */
  readonly in_tree?: string;
  readonly name?: string;
  readonly uuid?: string;
}

export interface CandidatesOptions {
  readonly limit?: number;
  readonly randomize?: boolean;
  /** Injected so tests and replays are deterministic; defaults to Math.random. */
  readonly rng?: () => number;
}

export function fitsColumn(col: ResourceColumn, slot: number, amount: number): boolean {
  if (slot < 0) return false;
  const step = col.step_size[slot]!;
  return (
    amount >= col.min_unit[slot]! &&
    amount <= col.max_unit[slot]! &&
    (step <= 0 || amount % step === 0) &&
    col.used[slot]! + amount <= col.capacity[slot]!
  );
}

/** Positions (ascending) of the providers that alone satisfy `query`. */
export function matchProviders(index: ProviderIndex, query: ProviderQuery): number[] {
  const wanted = Object.entries(query.resources ?? {});
  const cols: ResourceColumn[] = [];
  for (const [rc] of wanted) {
    const col = index.column(rc);
    if (!col) return [];
    cols.push(col);
  }
  let tree = -1;
  if (query.in_tree !== undefined) {
    const pos = index.positionOf(query.in_tree);
    if (pos === undefined) return [];
    tree = index.roots[pos]!;
  }
  if (query.uuid !== undefined && index.positionOf(query.uuid) === undefined) return [];
  // Scan the smallest column: most providers are ruled out without a lookup.
  let driver = -1;
  for (let c = 0; c < cols.length; c++)
    if (driver < 0 || cols[c]!.providers.length < cols[driver]!.providers.length) driver = c;
  const scan = driver >= 0 ? cols[driver]!.providers : null;
  const count = scan ? scan.length : index.size;
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const pos = scan ? scan[k]! : k;
    let ok = true;
    for (let c = 0; c < cols.length && ok; c++)
      ok = fitsColumn(cols[c]!, cols[c]!.slotOf[pos]!, wanted[c]![1]);
    if (!ok) continue;
    if (tree >= 0 && index.roots[pos] !== tree) continue;
    if (query.uuid !== undefined && index.uuids[pos] !== query.uuid) continue;
    if (query.name !== undefined && index.names[pos] !== query.name) continue;
    if (!passesTraits(index, pos, query)) continue;
    if (!passesAggregates(index, pos, query)) continue;
    out.push(pos);
  }
  return out;
}

function passesTraits(index: ProviderIndex, pos: number, q: ProviderQuery): boolean {
  for (const anyOf of q.required ?? []) if (!anyOf.some((t) => index.hasTrait(pos, t))) return false;
  for (const t of q.forbidden ?? []) if (index.hasTrait(pos, t)) return false;
  const root = index.roots[pos]!;
  for (const t of q.root_required ?? []) if (!index.hasTrait(root, t)) return false;
  for (const t of q.root_forbidden ?? []) if (index.hasTrait(root, t)) return false;
  return true;
}

function passesAggregates(index: ProviderIndex, pos: number, q: ProviderQuery): boolean {
  // NOTE(placement): the provider's own aggregates only (GET /resource_providers
  // and suffixed groups); the unsuffixed group of a_c also looks at the root.
  const member = (agg: string) => index.isMemberOf(pos, agg);
  for (const anyOf of q.member_of ?? []) if (!anyOf.some(member)) return false;
  for (const agg of q.forbidden_member_of ?? []) if (member(agg)) return false;
  return true;
}

/** The summary of one provider: all its inventories, traits and tree. */
export function providerSummary(index: ProviderIndex, pos: number): ProviderSummary {
  const resources: Record<string, { capacity: number; used: number }> = {};
  for (const [rc, r] of Object.entries(index.resourcesOf(pos)))
    resources[rc] = { capacity: r.capacity, used: r.used };
  const p = index.provider(pos);
  return {
    resources,
    traits: index.traitsOf(pos),
    parent_provider_uuid: p.parent_provider_uuid,
    root_provider_uuid: p.root_provider_uuid,
  };
}

/** Fisher-Yates with an injected random source. */
function shuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Placement's allocation candidates for a single unsuffixed request group:
 * one allocation request per provider that alone satisfies `query`.
 */
export function findAllocationCandidates(
  index: ProviderIndex,
  query: ProviderQuery,
  options: CandidatesOptions = {},
): AllocationCandidates {
  let matches = matchProviders(index, query);
  if (options.randomize) matches = shuffle(matches, options.rng ?? Math.random);
  if (options.limit !== undefined && options.limit >= 0) matches = matches.slice(0, options.limit);
  const resources = query.resources ?? {};
  const allocation_requests: AllocationRequest[] = [];
  const provider_summaries: Record<string, ProviderSummary> = {};
  for (const pos of matches) {
    const uuid = index.uuids[pos]!;
    allocation_requests.push({
      allocations: { [uuid]: { resources: { ...resources } } },
      mappings: { '': [uuid] },
    });
    provider_summaries[uuid] = providerSummary(index, pos);
  }
  return { allocation_requests, provider_summaries };
}

/**
 * Splits Placement's `required` values (`T`, `!T`, `in:A,B`) into any-of
 * groups and forbidden traits.
 */
export function parseRequiredTraits(values: readonly string[]): {
  required: string[][];
  forbidden: string[];
} {
  const required: string[][] = [];
  const forbidden: string[] = [];
  for (const value of values) {
    if (value.startsWith('in:')) {
      required.push(
        value
          .slice(3)
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      );
      continue;
    }
    for (const raw of value.split(',')) {
      const t = raw.trim();
      if (!t) continue;
      if (t.startsWith('!')) forbidden.push(t.slice(1));
      else required.push([t]);
    }
  }
  return { required, forbidden };
}
