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

export async function parseResources(store: PlacementStore, raw: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const [rc, amount] = part.split(':');
    if (!rc || amount === undefined || !/^\d+$/.test(amount.trim())) {
      throw new PlacementError(
        400,
        `Badly formed resources parameter. Expected resources query string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. Got: ${raw || 'empty string'}.`,
        PlacementErrorCode.QUERYPARAM_BAD_VALUE,
      );
    }
    const n = Number(amount);
    if (n < 1)
      throw badValue(`Requested resource class '${rc.trim()}' must have a positive amount. Got: ${n}.`);
    out[rc.trim()] = n;
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

export async function parseRequired(
  store: PlacementStore,
  raws: readonly string[],
  minor: number,
): Promise<Pick<ProviderQuery, 'required' | 'forbidden'>> {
  const required: string[][] = [];
  const forbidden: string[] = [];
  for (const raw of raws) {
    if (raw.startsWith('in:')) {
      if (minor < 39) throw badValue(`Invalid trait name 'in:' in required parameter. Got: ${raw}`);
      required.push(
        raw
          .slice(3)
          .split(',')
          .map((t) => t.trim()),
      );
      continue;
    }
    const form = minor >= 22 ? 'HW_CPU_X86_VMX,!CUSTOM_MAGIC' : 'HW_CPU_X86_VMX,CUSTOM_MAGIC';
    for (const t of raw.split(',').map((s) => s.trim())) {
      if (!t) throw badValue(`Expected 'required' parameter value of the form: ${form}. Got: ${raw}`);
      if (t.startsWith('!')) {
        if (minor < 22)
          throw badValue(`Expected 'required' parameter value of the form: ${form}. Got: ${raw}`);
        forbidden.push(t.slice(1));
      } else {
        required.push([t]);
      }
    }
  }
  const all = [...required.flat(), ...forbidden];
  const missing = [];
  for (const t of new Set(all)) if (!(await store.traitExists(t))) missing.push(t);
  if (missing.length) throw new PlacementError(400, `No such trait(s): ${missing.join(', ')}.`);
  return { required, forbidden };
}

export function parseMemberOf(
  raws: readonly string[],
  minor: number,
): Pick<ProviderQuery, 'member_of' | 'forbidden_member_of'> {
  const member_of: string[][] = [];
  const forbidden_member_of: string[] = [];
  if (raws.length > 1 && minor < 24)
    throw badValue('Multiple member_of parameters are not supported in the specified microversion.');
  for (const raw of raws) {
    let value = raw;
    const negated = value.startsWith('!');
    if (negated) {
      if (minor < 32)
        throw badValue('Forbidden member_of parameters are not supported in the specified microversion.');
      value = value.slice(1);
    }
    const anyOf = value.startsWith('in:');
    const uuids = (anyOf ? value.slice(3) : value).split(',');
    if (uuids.length > 1 && !anyOf)
      throw badValue(`Expected 'member_of' parameter to contain valid UUID(s). Got: ${raw}`);
    if (!uuids.every((u) => UUID.test(u)))
      throw badValue(`Expected 'member_of' parameter to contain valid UUID(s). Got: ${raw}`);
    if (negated) forbidden_member_of.push(...uuids);
    else member_of.push(uuids);
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

export function parseInTree(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!UUID.test(raw)) throw badValue(`'${raw}' is not a 'uuid'`);
  return raw;
}

export function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(raw))
    throw badValue(
      `'${raw}' does not match '^[1-9][0-9]*$'\n\nFailed validating 'pattern' in schema['properties']['limit']`,
    );
  return Number(raw);
}
