/**
 * GET /allocation_candidates in full: request groups (the unsuffixed one may
 * spread over a provider tree and sharing providers, each suffixed one is
 * served by a single provider), folded together per anchor tree under
 * group_policy, same_subtree and root_required, then capacity-checked where
 * groups land on the same provider. Placement's algorithm over the index,
 * with its fast single-provider path when neither trees nor sharing apply.
 */
import {
  type CandidatesOptions,
  findAllocationCandidates,
  fitsColumn,
  matchProviders,
  type ProviderQuery,
  providerSummary,
} from './candidates.js';
import type { ProviderIndex } from './provider-index.js';
import type { AllocationCandidates, AllocationRequest, ProviderSummary, Resources } from './types.js';

const SHARES = 'MISC_SHARES_VIA_AGGREGATE';

/** One request group; `suffix` '' is the unsuffixed group (use_same_provider false). */
export interface RequestGroup extends ProviderQuery {
  readonly suffix: string;
}

/** Parameters that apply to the request as a whole. */
export interface RequestWideParams {
  readonly group_policy?: 'none' | 'isolate';
  readonly root_required?: readonly string[];
  readonly root_forbidden?: readonly string[];
  /** Sets of suffixes whose providers must share a subtree (1.36). */
  readonly same_subtree?: readonly (readonly string[])[];
  /** False below 1.29: candidates drawing from two providers of one tree are dropped. */
  readonly nested_aware?: boolean;
}

/** One group's way to be satisfied inside one anchor tree. */
interface Piece {
  readonly anchor: number;
  readonly suffix: string;
  readonly sameProvider: boolean;
  /** Flattened triples: provider position, class, amount. */
  readonly items: readonly (readonly [number, string, number])[];
  readonly providers: readonly number[];
}

function anchorOk(index: ProviderIndex, root: number, wide: RequestWideParams): boolean {
  for (const t of wide.root_required ?? []) if (!index.hasTrait(root, t)) return false;
  for (const t of wide.root_forbidden ?? []) if (index.hasTrait(root, t)) return false;
  return true;
}

function isSharing(index: ProviderIndex, pos: number): boolean {
  return index.hasTrait(pos, SHARES);
}

/** Pieces of a group served by one provider (suffixed, resourceless, or flat). */
function singleProviderPieces(index: ProviderIndex, g: RequestGroup, wide: RequestWideParams): Piece[] {
  const out: Piece[] = [];
  const resources = Object.entries(g.resources ?? {});
  for (const pos of matchProviders(index, { ...g, root_required: undefined, root_forbidden: undefined })) {
    const items = resources.map(([rc, n]) => [pos, rc, n] as const);
    const anchors = isSharing(index, pos) && resources.length ? index.anchorsOf(pos) : [index.roots[pos]!];
    for (const anchor of anchors) {
      if (!anchorOk(index, anchor, wide)) continue;
      out.push({ anchor, suffix: g.suffix, sameProvider: g.suffix !== '', items, providers: [pos] });
    }
  }
  return out;
}

/** True when the provider (or its root) passes the group's aggregate filters. */
function aggregatesOk(index: ProviderIndex, pos: number, g: RequestGroup): boolean {
  const root = index.roots[pos]!;
  const member = (a: string) => index.isMemberOf(pos, a) || (root !== pos && index.isMemberOf(root, a));
  for (const anyOf of g.member_of ?? []) if (!anyOf.some(member)) return false;
  for (const a of g.forbidden_member_of ?? []) if (member(a)) return false;
  return true;
}

/** Pieces of the unsuffixed group: each class from any provider of the tree or a sharing provider. */
function spreadPieces(index: ProviderIndex, g: RequestGroup, wide: RequestWideParams): Piece[] {
  const wanted = Object.entries(g.resources ?? {});
  let tree = -1;
  if (g.in_tree !== undefined) {
    const p = index.positionOf(g.in_tree);
    if (p === undefined) return [];
    tree = index.roots[p]!;
  }
  // anchor -> one list of providers per requested class
  const byAnchor = new Map<number, number[][]>();
  for (let c = 0; c < wanted.length; c++) {
    const [rc, amount] = wanted[c]!;
    const col = index.column(rc);
    if (!col) return [];
    for (const pos of col.providers) {
      if (!fitsColumn(col, col.slotOf[pos]!, amount)) continue;
      if (tree >= 0 && index.roots[pos] !== tree) continue;
      if (!aggregatesOk(index, pos, g)) continue;
      if ((g.forbidden ?? []).some((t) => index.hasTrait(pos, t))) continue;
      const anchors = tree < 0 && isSharing(index, pos) ? index.anchorsOf(pos) : [index.roots[pos]!];
      for (const anchor of anchors) {
        let lists = byAnchor.get(anchor);
        if (!lists) {
          if (c > 0) continue;
          lists = wanted.map(() => []);
          byAnchor.set(anchor, lists);
        }
        lists[c]!.push(pos);
      }
    }
  }
  const out: Piece[] = [];
  const anchors = [...byAnchor.keys()].sort((a, b) => a - b);
  for (const anchor of anchors) {
    const lists = byAnchor.get(anchor)!;
    if (lists.some((l) => l.length === 0) || !anchorOk(index, anchor, wide)) continue;
    const pick: number[] = new Array(wanted.length);
    const walk = (c: number): void => {
      if (c === wanted.length) {
        const providers = [...new Set(pick)];
        const traitsOk = (g.required ?? []).every((anyOf) =>
          anyOf.some((t) => providers.some((p) => index.hasTrait(p, t))),
        );
        if (!traitsOk) return;
        out.push({
          anchor,
          suffix: '',
          sameProvider: false,
          items: wanted.map(([rc, n], i) => [pick[i]!, rc, n] as const),
          providers,
        });
        return;
      }
      for (const p of lists[c]!) {
        pick[c] = p;
        walk(c + 1);
      }
    };
    walk(0);
  }
  return out;
}

function groupPieces(index: ProviderIndex, g: RequestGroup, wide: RequestWideParams): Piece[] {
  const hasResources = Object.keys(g.resources ?? {}).length > 0;
  if (g.suffix === '' && hasResources) return spreadPieces(index, g, wide);
  return singleProviderPieces(index, g, wide);
}

function sameSubtreeOk(
  index: ProviderIndex,
  combo: readonly Piece[],
  sets: RequestWideParams['same_subtree'],
): boolean {
  for (const suffixes of sets ?? []) {
    const rps = new Set<number>();
    for (const p of combo) if (suffixes.includes(p.suffix)) for (const rp of p.providers) rps.add(rp);
    if (rps.size <= 1) continue;
    const list = [...rps];
    if (!list.some((top) => list.every((rp) => index.isAncestorOrSelf(top, rp)))) return false;
  }
  return true;
}

/** Folds one piece per group into an allocation request, or undefined when it does not fit. */
function consolidate(
  index: ProviderIndex,
  combo: readonly Piece[],
  wide: RequestWideParams,
  granular: number,
): { key: string; request: AllocationRequest; providers: number[] } | undefined {
  if (wide.group_policy === 'isolate' && granular > 1) {
    const distinct = new Set<number>();
    for (const p of combo) if (p.sameProvider) distinct.add(p.providers[0]!);
    if (distinct.size !== granular) return undefined;
  }
  if (!sameSubtreeOk(index, combo, wide.same_subtree)) return undefined;
  const amounts = new Map<number, Map<string, number>>();
  for (const p of combo) {
    for (const [pos, rc, n] of p.items) {
      let m = amounts.get(pos);
      if (!m) {
        m = new Map();
        amounts.set(pos, m);
      }
      m.set(rc, (m.get(rc) ?? 0) + n);
    }
  }
  const allocations: Record<string, { resources: Resources }> = {};
  const keyParts: string[] = [];
  for (const [pos, m] of [...amounts].sort((a, b) => a[0] - b[0])) {
    const resources: Record<string, number> = {};
    for (const [rc, n] of m) {
      const col = index.column(rc)!;
      const s = col.slotOf[pos]!;
      if (col.used[s]! + n > col.capacity[s]! || n > col.max_unit[s]!) return undefined;
      resources[rc] = n;
      keyParts.push(`${pos}:${rc}:${n}`);
    }
    allocations[index.uuids[pos]!] = { resources };
  }
  const mappings: Record<string, string[]> = {};
  for (const p of combo) {
    mappings[p.suffix] ??= [];
    const list = mappings[p.suffix]!;
    for (const rp of p.providers) if (!list.includes(index.uuids[rp]!)) list.push(index.uuids[rp]!);
  }
  for (const [suffix, list] of Object.entries(mappings))
    keyParts.push(`|${suffix}=${[...list].sort().join(',')}`);
  return { key: keyParts.join(' '), request: { allocations, mappings }, providers: [...amounts.keys()] };
}

/** True when the request uses only root providers (what pre-1.29 clients understand). */
/** Below 1.29 a candidate may not draw from two providers of one tree (Placement's _exclude_nested_providers). */
function onePerTree(index: ProviderIndex, providers: readonly number[]): boolean {
  const roots = new Set<number>();
  for (const p of new Set(providers)) {
    const root = index.roots[p]!;
    if (roots.has(root)) return false;
    roots.add(root);
  }
  return true;
}

/**
 * Placement's allocation candidates for any set of request groups. Order:
 * anchor trees in creation order, groups in the given order; `limit` keeps
 * the first N (or a random N when `randomize`).
 */
export function findGroupedAllocationCandidates(
  index: ProviderIndex,
  groups: readonly RequestGroup[],
  wide: RequestWideParams = {},
  options: CandidatesOptions = {},
): AllocationCandidates {
  const only = groups.length === 1 ? groups[0]! : undefined;
  if (only && only.suffix === '' && !index.hasNested && !needsSharing(index, only)) {
    return findAllocationCandidates(
      index,
      { ...only, root_required: wide.root_required, root_forbidden: wide.root_forbidden },
      options,
    );
  }
  const perGroup: Map<number, Piece[]>[] = [];
  for (const g of groups) {
    const byAnchor = new Map<number, Piece[]>();
    for (const p of groupPieces(index, g, wide)) {
      const list = byAnchor.get(p.anchor);
      if (list) list.push(p);
      else byAnchor.set(p.anchor, [p]);
    }
    if (byAnchor.size === 0) return { allocation_requests: [], provider_summaries: {} };
    perGroup.push(byAnchor);
  }
  const granular = groups.filter((g) => g.suffix !== '').length;
  const early = options.limit !== undefined && !options.randomize ? options.limit : Infinity;
  const seen = new Set<string>();
  const found: { request: AllocationRequest; providers: number[] }[] = [];
  const anchors = [...perGroup[0]!.keys()].sort((a, b) => a - b);
  const combo: Piece[] = new Array(groups.length);
  for (const anchor of anchors) {
    const lists = perGroup.map((m) => m.get(anchor));
    if (lists.some((l) => !l)) continue;
    const walk = (g: number): boolean => {
      if (g === groups.length) {
        const r = consolidate(index, combo, wide, granular);
        if (!r || seen.has(r.key)) return true;
        if (wide.nested_aware === false && !onePerTree(index, r.providers)) return true;
        seen.add(r.key);
        found.push(r);
        return found.length < early;
      }
      for (const p of lists[g]!) {
        combo[g] = p;
        if (!walk(g + 1)) return false;
      }
      return true;
    };
    if (!walk(0)) break;
  }
  let kept = found;
  if (options.randomize) kept = shuffle([...kept], options.rng ?? Math.random);
  if (options.limit !== undefined) kept = kept.slice(0, options.limit);
  return {
    allocation_requests: kept.map((k) => k.request),
    provider_summaries: summaries(index, kept, wide),
  };
}

/** Whether a sharing provider could serve one of the group's classes. */
function needsSharing(index: ProviderIndex, g: RequestGroup): boolean {
  for (const rc of Object.keys(g.resources ?? {})) {
    const col = index.column(rc);
    if (!col) continue;
    for (const pos of col.providers) if (isSharing(index, pos)) return true;
  }
  return false;
}

/** Every provider of every tree an allocation request draws from (Placement's summaries). */
function summaries(
  index: ProviderIndex,
  kept: readonly { providers: number[] }[],
  wide: RequestWideParams,
): Record<string, ProviderSummary> {
  const out: Record<string, ProviderSummary> = {};
  if (wide.nested_aware === false) {
    // Below 1.29 the summaries hold only the providers the requests use.
    const used = new Set<number>();
    for (const k of kept) for (const p of k.providers) used.add(p);
    for (const pos of [...used].sort((a, b) => a - b)) out[index.uuids[pos]!] = providerSummary(index, pos);
    return out;
  }
  const roots = new Set<number>();
  for (const k of kept) for (const p of k.providers) roots.add(index.roots[p]!);
  for (const root of [...roots].sort((a, b) => a - b)) {
    const members = index.treeOf(root);
    for (const pos of members) out[index.uuids[pos]!] = providerSummary(index, pos);
  }
  return out;
}

function shuffle<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
