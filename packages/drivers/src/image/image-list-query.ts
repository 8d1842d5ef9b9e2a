/**
 * GET /v2/images as Glance answers it, over a set of images already loaded:
 * the query string parsed with Glance's checks and messages (sort_key /
 * sort_dir or `sort=`, limit, marker, member_status, visibility, tag), the
 * filters (exact fields, `in:`/`eq:` lists, `size_min`/`size_max`,
 * created_at/updated_at with gt/gte/lt/lte/eq/neq, other keys as
 * properties), then sorting with `created_at`, `id` as tie-breakers and the
 * page after the marker. Pure: the caller brings images and memberships.
 */
import { ImageBadRequest, type ImageMember, type ImageMeta, type RequestContext } from '@novats/core';
import { isImageListed, isImageVisible, type MemberStatusFilter } from './image-visibility.js';

/** Glance's `_available_sort_keys`. */
export const IMAGE_SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
] as const;
type SortKey = (typeof IMAGE_SORT_KEYS)[number];
type SortDir = 'asc' | 'desc';

/** `limit_param_default` and `api_limit_max`. */
export const DEFAULT_IMAGE_LIMIT = 25;
export const MAX_IMAGE_LIMIT = 1000;

export interface ImageListQuery {
  readonly limit: number;
  readonly marker?: string;
  readonly sortKeys: readonly SortKey[];
  readonly sortDirs: readonly SortDir[];
  readonly memberStatus: MemberStatusFilter;
  readonly visibility?: ImageMeta['visibility'] | 'all';
  readonly tags: readonly string[];
  /** Every other parameter, as given. */
  readonly filters: Readonly<Record<string, string>>;
}

/** Query parameters as a list of pairs, so that repeated keys keep their order. */
export type QueryPairs = readonly (readonly [string, string])[];

const RESERVED = new Set(['limit', 'marker', 'member_status', 'tag', 'sort', 'sort_key', 'sort_dir']);

function sortKey(key: string): SortKey {
  if (!(IMAGE_SORT_KEYS as readonly string[]).includes(key))
    throw new ImageBadRequest(
      `Invalid sort key: ${key}. It must be one of the following: ${IMAGE_SORT_KEYS.join(', ')}.`,
    );
  return key as SortKey;
}

function sortDir(dir: string): SortDir {
  if (dir !== 'asc' && dir !== 'desc') throw new ImageBadRequest(`Invalid sort direction: ${dir}`);
  return dir;
}

function parseLimit(value: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new ImageBadRequest('limit param must be an integer');
  const n = Number(value);
  if (n < 0) throw new ImageBadRequest('limit param must be positive');
  return Math.min(n, MAX_IMAGE_LIMIT);
}

function parseSorting(pairs: QueryPairs): { sortKeys: SortKey[]; sortDirs: SortDir[] } {
  const all = (k: string) => pairs.filter(([key]) => key === k).map(([, v]) => v.trim());
  const sort = pairs.find(([k]) => k === 'sort');
  const keys: SortKey[] = [];
  const dirs: SortDir[] = [];
  if (sort) {
    if (all('sort_key').length > 0 || all('sort_dir').length > 0)
      throw new ImageBadRequest('Old and new sorting syntax cannot be combined');
    for (const part of sort[1].trim().split(',')) {
      const [key, dir] = part.split(':');
      keys.push(sortKey(key.trim()));
      dirs.push(sortDir((dir ?? 'desc').trim() || 'desc'));
    }
  } else {
    keys.push(...all('sort_key').map(sortKey));
    dirs.push(...all('sort_dir').map(sortDir));
    if (dirs.length > 1 && dirs.length !== keys.length)
      throw new ImageBadRequest('Number of sort dirs does not match the number of sort keys');
  }
  return { sortKeys: keys.length > 0 ? keys : ['created_at'], sortDirs: dirs.length > 0 ? dirs : ['desc'] };
}

/** Parses GET /v2/images' query string; throws ImageBadRequest with Glance's messages. */
export function parseImageListQuery(pairs: QueryPairs): ImageListQuery {
  const last = (k: string) => pairs.filter(([key]) => key === k).at(-1)?.[1];
  const memberStatus = last('member_status') ?? 'accepted';
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus))
    throw new ImageBadRequest(`Invalid status: ${memberStatus}`);
  const filters: Record<string, string> = {};
  for (const [k, v] of pairs) if (!RESERVED.has(k)) filters[k] = v;
  const visibility = filters.visibility;
  if (visibility && !['community', 'public', 'private', 'shared', 'all'].includes(visibility))
    throw new ImageBadRequest(`Invalid visibility value: ${visibility}`);
  if (filters['changes-since'] !== undefined)
    throw new ImageBadRequest('The "changes-since" filter is no longer available on v2.');
  for (const flag of ['os_hidden', 'protected'] as const) {
    const value = filters[flag]?.toLowerCase();
    if (value !== undefined && value !== 'true' && value !== 'false')
      throw new ImageBadRequest(
        `Invalid value '${value}' for '${flag}' filter. Valid values are 'true' or 'false'.`,
      );
  }
  const limit = last('limit');
  const marker = last('marker');
  return {
    limit: limit === undefined ? DEFAULT_IMAGE_LIMIT : parseLimit(limit),
    ...(marker !== undefined ? { marker } : {}),
    ...parseSorting(pairs),
    memberStatus: memberStatus as MemberStatusFilter,
    ...(visibility ? { visibility: visibility as ImageListQuery['visibility'] } : {}),
    tags: pairs.filter(([k]) => k === 'tag').map(([, v]) => v.trim()),
    filters: Object.fromEntries(Object.entries(filters).filter(([k]) => k !== 'visibility')),
  };
}

/** `in:"a,b",c` → [a,b  c]; Glance's split_filter_value_for_quotes, simplified to quoted or plain items. */
function listValue(value: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/g;
  for (let m = re.exec(value); m && m.index < value.length; m = re.exec(value)) {
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim());
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  return out;
}

function splitOp(value: string): { op: string; operand: string } {
  const m = /^(in|eq|neq|gt|gte|lt|lte):(.*)$/s.exec(value);
  return m ? { op: m[1], operand: m[2] } : { op: 'eq', operand: value };
}

const EXACT_FIELDS = new Set(['name', 'id', 'status', 'container_format', 'disk_format']);

type Predicate = (image: ImageMeta) => boolean;

function compareOp(op: string, a: number, b: number): boolean {
  switch (op) {
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'neq':
      return a !== b;
    default:
      return a === b;
  }
}

function predicateOf(key: string, value: string): Predicate {
  if (key.endsWith('_min') || key.endsWith('_max')) {
    const field = key.slice(0, -4);
    if (!/^\s*-?\d+\s*$/.test(value))
      throw new ImageBadRequest('Unable to filter on a range with a non-numeric value.');
    const bound = Number(value);
    const read = (i: ImageMeta) => Number((i as unknown as Record<string, unknown>)[field] ?? 0);
    return key.endsWith('_min') ? (i) => read(i) >= bound : (i) => read(i) <= bound;
  }
  if (key === 'created_at' || key === 'updated_at') {
    const { op, operand } = splitOp(value);
    const at = Date.parse(operand);
    if (Number.isNaN(at) || op === 'in')
      throw new ImageBadRequest(`Bad "${key}" query filter format. Use ISO 8601 DateTime notation.`);
    return (i) => compareOp(op, Date.parse(i[key]), at);
  }
  if (EXACT_FIELDS.has(key)) {
    const { op, operand } = splitOp(value);
    const field = key as 'name' | 'id' | 'status' | 'container_format' | 'disk_format';
    if (op === 'in') {
      const set = new Set(listValue(operand));
      return (i) => set.has(i[field]);
    }
    if (op !== 'eq') throw new ImageBadRequest(`Unable to filter using the specified operator.`);
    return (i) => i[field] === operand;
  }
  if (key === 'protected' || key === 'os_hidden') {
    const want = value.toLowerCase() === 'true';
    return (i) => Boolean(i[key]) === want;
  }
  if (key === 'owner') return (i) => i.owner === value;
  if (key === 'checksum' || key === 'os_hash_value') return (i) => i[key] === value;
  if (key === 'size' || key === 'min_ram' || key === 'min_disk') return (i) => String(i[key]) === value;
  return (i) => i.properties[key] === value;
}

function sortValue(image: ImageMeta, key: SortKey): string | number {
  if (key === 'size') return image.checksum ? image.size : -1;
  return image[key] ?? '';
}

function comparator(
  keys: readonly SortKey[],
  dirs: readonly SortDir[],
): (a: ImageMeta, b: ImageMeta) => number {
  const all: [SortKey, SortDir][] = keys.map((k, i) => [k, dirs[i] ?? dirs[0]]);
  // NOTE(glance): created_at and id are appended as tie-breakers, in the first direction.
  for (const extra of ['created_at', 'id'] as const) if (!keys.includes(extra)) all.push([extra, dirs[0]]);
  return (a, b) => {
    for (const [key, dir] of all) {
      const x = sortValue(a, key);
      const y = sortValue(b, key);
      if (x === y) continue;
      const lt = x < y ? -1 : 1;
      return dir === 'asc' ? lt : -lt;
    }
    return 0;
  };
}

function inScope(
  ctx: RequestContext,
  image: ImageMeta,
  member: ImageMember | null,
  q: ImageListQuery,
): boolean {
  switch (q.visibility) {
    case undefined:
      return isImageListed(ctx, image, member, q.memberStatus);
    case 'community':
      return image.visibility === 'community' && isImageVisible(ctx, image, member);
    case 'all':
      return (
        isImageListed(ctx, image, member, q.memberStatus) ||
        (image.visibility === 'community' && isImageVisible(ctx, image, member))
      );
    default:
      return image.visibility === q.visibility && isImageListed(ctx, image, member, q.memberStatus);
  }
}

export interface ImagePage {
  readonly images: ImageMeta[];
  /** Set when the page is full: the id to pass as the next marker. */
  readonly nextMarker?: string;
}

/**
 * The page of `images` that `ctx` gets for `q`. `members` holds ctx's own
 * memberships by image id. An unknown or invisible marker is a 400.
 */
export function selectImages(
  ctx: RequestContext,
  images: readonly ImageMeta[],
  members: ReadonlyMap<string, ImageMember>,
  q: ImageListQuery,
): ImagePage {
  const predicates = Object.entries(q.filters).map(([k, v]) => predicateOf(k, v));
  const hidden = q.filters.os_hidden === undefined;
  const order = comparator(q.sortKeys, q.sortDirs);
  const matched = images
    .filter((i) => i.status !== 'killed' && i.status !== 'deleted')
    .filter((i) => inScope(ctx, i, members.get(i.id) ?? null, q))
    .filter((i) => !(hidden && i.os_hidden))
    .filter((i) => q.tags.every((t) => i.tags?.includes(t)))
    .filter((i) => predicates.every((p) => p(i)))
    .sort(order);
  let start = 0;
  if (q.marker !== undefined) {
    const marker = images.find((i) => i.id === q.marker);
    if (!marker || !isImageVisible(ctx, marker, members.get(marker.id) ?? null))
      throw new ImageBadRequest(`No image found with ID ${q.marker}`);
    // NOTE(keyset): the page starts after the marker's place in the order, even if it no longer matches.
    start = matched.findIndex((i) => order(i, marker) > 0);
    if (start === -1) start = matched.length;
  }
  const page = matched.slice(start, start + q.limit);
  const full = q.limit > 0 && page.length === q.limit;
  return { images: page, ...(full ? { nextMarker: page[page.length - 1].id } : {}) };
}
