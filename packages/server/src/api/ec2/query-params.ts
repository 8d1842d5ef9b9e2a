/**
 * The AWS Query protocol's parameters: flat names with dotted indexes
 * (`InstanceId.1`, `Filter.1.Name`, `Filter.1.Value.2`, `Tag.1.Key`), read
 * into lists and records in index order.
 */
import { invalidParameterValue, missingParameter } from './ec2-errors.js';

export type QueryParams = Readonly<Record<string, string>>;

/** `Name.1`, `Name.2`, ... as a list (by index, gaps skipped). */
export function listParam(params: QueryParams, name: string): string[] {
  const re = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)$`);
  return Object.entries(params)
    .map(([k, v]) => [re.exec(k)?.[1], v] as const)
    .filter((e): e is readonly [string, string] => e[0] !== undefined)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([, v]) => v);
}

/** `Prefix.N.Field...` grouped per N: e.g. Filter.1.Name + Filter.1.Value.1 → [{Name, 'Value.1'}]. */
export function structParams(params: QueryParams, prefix: string): Record<string, string>[] {
  const groups = new Map<number, Record<string, string>>();
  const re = new RegExp(`^${prefix}\\.(\\d+)\\.(.+)$`);
  for (const [k, v] of Object.entries(params)) {
    const m = re.exec(k);
    if (!m) continue;
    const n = Number(m[1]);
    const g = groups.get(n) ?? {};
    g[m[2]] = v;
    groups.set(n, g);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

export interface Ec2Filter {
  readonly name: string;
  readonly values: readonly string[];
}

export function filterParams(params: QueryParams): Ec2Filter[] {
  return structParams(params, 'Filter').map((g) => {
    if (!g.Name) throw missingParameter('Filter.N.Name');
    return { name: g.Name, values: listParam(g, 'Value') };
  });
}

export function requiredParam(params: QueryParams, name: string): string {
  const v = params[name];
  if (v === undefined || v === '') throw missingParameter(name);
  return v;
}

export function intParam(params: QueryParams, name: string, dflt: number, min: number, max: number): number {
  const v = params[name];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max)
    throw invalidParameterValue(
      `Value (${v}) for parameter ${name} is invalid. Expected an integer from ${min} to ${max}.`,
    );
  return n;
}

/** EC2's filter values: `*` and `?` wildcards, the rest literal. */
export function filterMatches(values: readonly string[], actual: string | undefined | null): boolean {
  if (actual === undefined || actual === null) return false;
  return values.some((pattern) => {
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      's',
    );
    return re.test(actual);
  });
}
