/**
 * Parsing of Placement's query string filters (`resources`, `required`,
 * `member_of`, `in_tree`, `limit`) into core's ProviderQuery, with the
 * microversion rules for `!`, `in:` and repetition.
 */
import { PlacementError, PlacementErrorCode, type PlacementStore, type ProviderQuery } from '@novats/core';

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

function badValue(message: string): PlacementError {
  return new PlacementError(
    400,
    `Invalid query string parameters: ${message}`,
    PlacementErrorCode.QUERYPARAM_BAD_VALUE,
  );
}

/** All values of a parameter; repeats are 400 unless `repeatable`. */
export function values(query: Record<string, string | string[]>, key: string, repeatable: boolean): string[] {
  const v = query[key];
  if (v === undefined) return [];
  const list = [v].flat();
  if (list.length > 1 && !repeatable) {
    throw new PlacementError(
      400,
      `Query parameter '${key}' may be given only once.`,
      PlacementErrorCode.ILLEGAL_DUPLICATE_QUERYPARAM,
    );
  }
  return list;
}

/**
 * The string length bounds of a query schema, worded like jsonschema's
 * ValidationError (Placement's gabbits match on "Failed validating 'minLength'").
 */
export function checkQueryLength(key: string, value: string, min = 1, max = 255): void {
  const [keyword, why] =
    value.length < min
      ? ['minLength', 'is too short']
      : value.length > max
        ? ['maxLength', 'is too long']
        : [];
  if (!keyword) return;
  throw new PlacementError(
    400,
    `Invalid query string parameters: '${value}' ${why}\n\nFailed validating '${keyword}' in schema['properties']['${key}']`,
  );
}

/** Placement's normalize_resources_qs_param, then the classes must exist. */
export async function parseResources(store: PlacementStore, raw: string): Promise<Record<string, number>> {
  const form =
    'Badly formed resources parameter. Expected resources query string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024.';
  if (raw.trim() === '') throw new PlacementError(400, `${form} Got: empty string.`);
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const pieces = part.split(':');
    if (pieces.length !== 2) throw new PlacementError(400, `${form} Got: ${part}.`);
    const [rc, amount] = pieces as [string, string];
    // Python's int(): optional sign, digits, surrounding blanks.
    if (!/^\s*[-+]?\d+\s*$/.test(amount))
      throw new PlacementError(
        400,
        `Requested resource ${rc} expected positive integer amount. Got: ${amount}.`,
      );
    const n = Number(amount);
    if (n < 1) throw new PlacementError(400, `Requested resource ${rc} requires amount >= 1. Got: ${n}.`);
    out[rc] = n;
  }
  for (const rc of Object.keys(out)) {
    if (!(await store.resourceClassExists(rc))) {
      throw new PlacementError(
        400,
        `Invalid resource class in resources parameter: No such resource class ${rc}.`,
      );
    }
  }
  return out;
}

/**
 * Placement's normalize_traits_qs_params: before 1.39 only the last value
 * counts and `in:` is refused; `!` (forbidden) from 1.22. Names are checked
 * against the catalogue separately (checkTraitsExist).
 */
export function parseRequired(
  raws: readonly string[],
  minor: number,
): Pick<ProviderQuery, 'required' | 'forbidden'> {
  const required: string[][] = [];
  const forbidden: string[] = [];
  const form = minor >= 22 ? 'HW_CPU_X86_VMX,!CUSTOM_MAGIC' : 'HW_CPU_X86_VMX,CUSTOM_MAGIC';
  for (const raw of minor >= 39 ? raws : raws.slice(-1)) {
    if (raw.startsWith('in:')) {
      if (minor < 39)
        throw new PlacementError(
          400,
          `Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' only supported since microversion 1.39. Got: ${raw}`,
        );
      const anyOf = [
        ...new Set(
          raw
            .slice(3)
            .split(',')
            .map((t) => t.trim()),
        ),
      ];
      if (anyOf.some((t) => !t))
        throw new PlacementError(
          400,
          `Invalid query string parameters: Expected 'required' parameter value of the form: in:HW_CPU_X86_VMX,CUSTOM_MAGIC. Got an empty trait in: ${raw}`,
        );
      if (anyOf.some((t) => t.startsWith('!')))
        throw new PlacementError(
          400,
          `Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' does not support forbidden traits. Got: ${raw}`,
        );
      required.push(anyOf);
      continue;
    }
    const all = raw.split(',').map((t) => t.trim());
    const banned = all.filter((t) => t.startsWith('!')).map((t) => t.replace(/^!+/, ''));
    if ([...all, ...banned].some((t) => !t))
      throw new PlacementError(
        400,
        `Invalid query string parameters: Expected 'required' parameter value of the form: ${form}. Got an empty trait in: ${raw}`,
      );
    if (banned.length && minor < 22)
      throw new PlacementError(
        400,
        `Invalid query string parameters: Expected 'required' parameter value of the form: ${form}. Got: ${raw}`,
      );
    for (const t of all)
      if (!t.startsWith('!') && !required.some((r) => r.length === 1 && r[0] === t)) required.push([t]);
    for (const t of banned) if (!forbidden.includes(t)) forbidden.push(t);
  }
  return { required, forbidden };
}

/** Every named trait must exist: "No such trait(s): A, B." */
export async function checkTraitsExist(
  store: PlacementStore,
  names: readonly string[],
  prefix = '',
): Promise<void> {
  const missing = [];
  for (const t of new Set(names)) if (!(await store.traitExists(t))) missing.push(t);
  if (missing.length) throw new PlacementError(400, `${prefix}No such trait(s): ${missing.join(', ')}.`);
}

/** Placement's normalize_member_of_qs_params (repeats from 1.24, `!` from 1.32). */
export function parseMemberOf(
  raws: readonly string[],
  minor: number,
  suffix = '',
): Pick<ProviderQuery, 'member_of' | 'forbidden_member_of'> {
  const member_of: string[][] = [];
  const forbidden_member_of: string[] = [];
  if (raws.length > 1 && minor < 24)
    throw new PlacementError(400, `Multiple member_of${suffix} parameters are not supported`);
  for (const raw of raws) {
    if (raw.includes(',') && !raw.startsWith('in:') && !raw.startsWith('!in:'))
      throw new PlacementError(
        400,
        `Multiple values for 'member_of' must be prefixed with the 'in:' or '!in:' keyword using the valid microversion. Got: ${raw}`,
      );
    const negated = raw.startsWith('!');
    const value = negated ? raw.slice(1) : raw;
    const uuids = [...new Set(value.startsWith('in:') ? value.slice(3).split(',') : [value])];
    const bad = uuids.find((u) => !UUID.test(u));
    if (bad !== undefined)
      throw badValue(`Expected 'member_of' parameter to contain valid UUID(s). Got: ${bad}`);
    if (negated) {
      if (minor < 32)
        throw new PlacementError(
          400,
          `Forbidden member_of${suffix} parameters are not supported in the specified microversion`,
        );
      forbidden_member_of.push(...uuids);
    } else member_of.push(uuids);
  }
  return { member_of, forbidden_member_of };
}

/** A uuid-valued filter (`uuid`, `in_tree`): jsonschema's "is not a 'uuid'" when malformed. */
export function parseUuidFilter(key: string, raw: string): string {
  if (!UUID.test(raw))
    throw badValue(
      `'${raw}' is not a 'uuid'\n\nFailed validating 'format' in schema['properties']['${key}']`,
    );
  return raw;
}

/** GET /allocation_candidates' in_tree (normalize_in_tree_qs_params). */
export function parseInTree(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!UUID.test(raw.trim()))
    throw new PlacementError(
      400,
      `Invalid query string parameters: Expected 'in_tree' parameter to be a format of uuid. Got: ${raw}`,
    );
  return raw.trim();
}

export function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(raw))
    throw badValue(
      `'${raw}' does not match '^[1-9][0-9]*$'\n\nFailed validating 'pattern' in schema['properties']['limit']`,
    );
  return Number(raw);
}
