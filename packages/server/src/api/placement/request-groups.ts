/**
 * Parsing of GET /allocation_candidates' query into request groups and
 * request-wide parameters, with Placement's rules per microversion: suffixed
 * keys from 1.25 (numbers) and 1.33 (any [a-zA-Z0-9_-]{1,64}), group_policy
 * required with several suffixed groups, root_required at 1.35, same_subtree
 * and resourceless groups at 1.36 (orphaned traits/member_of are 400 before).
 */
import {
  PlacementError,
  PlacementErrorCode,
  type PlacementStore,
  type RequestGroup,
  type RequestWideParams,
} from '@novats/core';
import {
  checkTraitsExist,
  parseInTree,
  parseLimit,
  parseMemberOf,
  parseRequired,
  parseResources,
  values,
} from './placement-query.js';

const KEY = /^(resources|required|member_of|in_tree)(.*)$/;

function badValue(message: string): PlacementError {
  return new PlacementError(400, message, PlacementErrorCode.QUERYPARAM_BAD_VALUE);
}

/** The group keys' patterns of the query schema (jsonschema lists them in this order). */
function groupPatterns(minor: number): string[] {
  const group = minor >= 33 ? '[a-zA-Z0-9_-]{1,64}' : '[1-9][0-9]*';
  const kinds =
    minor >= 31 ? ['resources', 'required', 'member_of', 'in_tree'] : ['resources', 'required', 'member_of'];
  return kinds.map((k) => `^${k}(${group})?$`);
}

/** jsonschema's wording for a key the schema does not allow (with patternProperties from 1.25). */
function unexpected(key: string, minor: number): PlacementError {
  if (minor >= 25)
    return new PlacementError(
      400,
      `Invalid query string parameters: '${key}' does not match any of the regexes: ${groupPatterns(minor)
        .map((p) => `'${p}'`)
        .join(', ')}`,
    );
  return new PlacementError(
    400,
    `Invalid query string parameters: Additional properties are not allowed ('${key}' was unexpected)`,
  );
}

function suffixAllowed(suffix: string, minor: number): boolean {
  if (suffix === '') return true;
  if (minor < 25) return false;
  return minor >= 33 ? /^[a-zA-Z0-9_-]{1,64}$/.test(suffix) : /^[1-9][0-9]*$/.test(suffix);
}

export interface ParsedCandidateRequest {
  readonly groups: RequestGroup[];
  readonly wide: RequestWideParams;
  readonly limit?: number;
}

type MutableGroup = { -readonly [K in keyof RequestGroup]: RequestGroup[K] };

export async function parseCandidateRequest(
  store: PlacementStore,
  query: Record<string, string | string[]>,
  minor: number,
): Promise<ParsedCandidateRequest> {
  const wideKeys = new Set<string>();
  if (minor >= 16) wideKeys.add('limit');
  if (minor >= 25) wideKeys.add('group_policy');
  if (minor >= 35) wideKeys.add('root_required');
  if (minor >= 36) wideKeys.add('same_subtree');
  const bySuffix = new Map<string, MutableGroup>();
  const keyMinor: Record<string, number> = { resources: 10, required: 17, member_of: 21, in_tree: 31 };
  for (const key of Object.keys(query)) {
    if (wideKeys.has(key)) continue;
    const m = KEY.exec(key);
    if (!m || minor < keyMinor[m[1]!]! || !suffixAllowed(m[2]!, minor)) throw unexpected(key, minor);
    const [, prefix, suffix] = m as unknown as [string, string, string];
    let g = bySuffix.get(suffix);
    if (!g) {
      g = { suffix };
      bySuffix.set(suffix, g);
    }
    if (prefix === 'resources') {
      g.resources = await parseResources(store, values(query, key, false)[0]!);
    } else if (prefix === 'required') {
      Object.assign(g, parseRequired(values(query, key, true), minor));
    } else if (prefix === 'member_of') {
      Object.assign(g, parseMemberOf(values(query, key, true), minor, suffix));
    } else {
      g.in_tree = parseInTree(values(query, key, false)[0]);
    }
  }
  if (minor < 25 && !bySuffix.get('')?.resources)
    throw new PlacementError(400, "Invalid query string parameters: 'resources' is a required property");

  const groupPolicy = values(query, 'group_policy', true)[0];
  if (groupPolicy !== undefined && groupPolicy !== 'none' && groupPolicy !== 'isolate')
    throw new PlacementError(
      400,
      `Invalid query string parameters: '${groupPolicy}' is not one of ['none', 'isolate']`,
    );
  const limit = parseLimit(values(query, 'limit', true)[0]);
  const wide: { -readonly [K in keyof RequestWideParams]: RequestWideParams[K] } = {
    group_policy: groupPolicy as 'none' | 'isolate' | undefined,
    nested_aware: minor >= 29,
  };
  const rootRaw = values(query, 'root_required', true);
  if (rootRaw.length > 1)
    throw new PlacementError(
      400,
      "Query parameter 'root_required' may be specified only once.",
      PlacementErrorCode.ILLEGAL_DUPLICATE_QUERYPARAM,
    );
  if (rootRaw[0] !== undefined) {
    const root = parseRequired(rootRaw, Math.min(minor, 38));
    wide.root_required = root.required?.flat();
    wide.root_forbidden = root.forbidden;
    const conflicts = (wide.root_required ?? []).filter((t) => wide.root_forbidden?.includes(t));
    if (conflicts.length)
      throw badValue(
        `Conflicting required and forbidden traits found in root_required: ${conflicts.join(', ')}`,
      );
  }
  const sameSubtree: string[][] = [];
  for (const raw of values(query, 'same_subtree', true)) {
    const suffixes = [...new Set(raw.split(',').map((s) => s.trim()))];
    if (suffixes.includes(''))
      throw badValue('Empty string (unsuffixed group) can not be specified in `same_subtree` ');
    sameSubtree.push(suffixes);
  }
  wide.same_subtree = sameSubtree;

  checkGroups(bySuffix, sameSubtree, minor);
  // Placement resolves trait names only once the groups are known to be sound.
  await checkTraitsExist(store, [
    ...[...bySuffix.values()].flatMap((g) => [...(g.required ?? []).flat(), ...(g.forbidden ?? [])]),
    ...(wide.root_required ?? []),
    ...(wide.root_forbidden ?? []),
  ]);
  const granular = [...bySuffix.keys()].filter((s) => s !== '').length;
  if (granular > 1 && !groupPolicy)
    throw new PlacementError(
      400,
      'The "group_policy" parameter is required when specifying more than one "resources{N}" parameter.',
    );
  // The unsuffixed group first, then suffixes in a stable order.
  const groups = [...bySuffix.values()].sort((a, b) =>
    a.suffix === '' ? -1 : b.suffix === '' ? 1 : a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0,
  );
  return { groups, wide, limit };
}

function hasResources(g: RequestGroup): boolean {
  return Object.keys(g.resources ?? {}).length > 0;
}

function checkGroups(bySuffix: Map<string, RequestGroup>, sameSubtree: string[][], minor: number): void {
  const groups = [...bySuffix.values()];
  if (minor >= 36) {
    const resourceless = groups.filter((g) => !hasResources(g)).map((g) => g.suffix);
    if (resourceless.length === groups.length)
      throw new PlacementError(
        400,
        'There must be at least one resources or resources[$S] parameter.',
        PlacementErrorCode.QUERYPARAM_MISSING_VALUE,
      );
    const inSubtree = new Set(sameSubtree.flat());
    const bad = resourceless.filter((s) => !inSubtree.has(s));
    if (bad.length)
      throw badValue(
        `Resourceless suffixed group request should be specified in \`same_subtree\` query param: bad group(s) - ${pyList(bad)}.`,
      );
    const unknown = [...inSubtree].filter((s) => !bySuffix.has(s));
    if (unknown.length)
      throw badValue(
        `Real suffixes should be specified in \`same_subtree\`: ${pyList(unknown)} not found in ${pyList([...bySuffix.keys()])}.`,
      );
  } else {
    const orphanTraits = groups.filter(
      (g) => (g.required?.length || g.forbidden?.length) && !hasResources(g),
    );
    if (orphanTraits.length)
      throw new PlacementError(
        400,
        `All traits parameters must be associated with resources.  Found the following orphaned traits keys: ${orphanTraits.map((g) => `required${g.suffix}`).join(', ')}`,
      );
    const orphanAggs = groups.filter(
      (g) => (g.member_of?.length || g.forbidden_member_of?.length) && !hasResources(g),
    );
    if (orphanAggs.length)
      throw new PlacementError(
        400,
        `All member_of parameters must be associated with resources. Found the following orphaned member_of keys: ${orphanAggs.map((g) => `member_of${g.suffix}`).join(', ')}`,
      );
    if (!groups.every(hasResources))
      throw new PlacementError(400, 'All request groups must specify resources.');
    if (!groups.length)
      throw new PlacementError(
        400,
        'At least one request group (`resources` or `resources{$S}`) is required.',
      );
  }
  if (minor >= 22) {
    const conflicts: string[] = [];
    for (const g of groups)
      for (const anyOf of g.required ?? [])
        if (anyOf.every((t) => g.forbidden?.includes(t)))
          conflicts.push(`required${g.suffix}: (${[...anyOf].sort().join(', ')})`);
    if (conflicts.length)
      throw new PlacementError(
        400,
        `Conflicting required and forbidden traits found in the following traits keys: ${conflicts.sort().join(', ')}`,
      );
  }
}

/** Python's repr of a list of strings, as Placement's messages print it. */
function pyList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}
