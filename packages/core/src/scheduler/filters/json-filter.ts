/**
 * JsonFilter: the `query` hint is a JSON expression over host attributes,
 * e.g. `[">=", "$free_ram_mb", 1024]` (Nova's `json_filter.py`). Operators:
 * `=`, `<`, `>`, `in`, `<=`, `>=`, `not`, `or`, `and`; `$a.b` reads a
 * (nested) HostState attribute and unknown ones drop out of the argument list.
 */
import type { RequestSpec } from '../../objects/request-spec.js';
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import type { HostState } from '../host-state.js';
import { FilterName } from '../names.js';

export const REASON_JSON_QUERY = 'json query not satisfied';
export const REASON_JSON_INVALID = 'json query invalid';
const UNSATISFIED = rejectHost(REASON_JSON_QUERY);
const INVALID = rejectHost(REASON_JSON_INVALID);

type Value = unknown;

function compare(args: Value[], op: (a: Value, b: Value) => boolean): boolean {
  if (args.length < 2) return false;
  const [lhs, ...rest] = args;
  return rest.every((rhs) => op(lhs, rhs));
}

const COMMANDS: Record<string, (args: Value[]) => Value> = {
  '=': (a) => compare(a, (x, y) => x === y),
  '<': (a) => compare(a, (x, y) => (x as number) < (y as number)),
  '>': (a) => compare(a, (x, y) => (x as number) > (y as number)),
  '<=': (a) => compare(a, (x, y) => (x as number) <= (y as number)),
  '>=': (a) => compare(a, (x, y) => (x as number) >= (y as number)),
  // NOTE(nova): `in` asks whether the first argument is among the others.
  in: (a) => a.length >= 2 && a.slice(1).includes(a[0]),
  not: (a) => a.map((x) => !x),
  or: (a) => a.some(Boolean),
  and: (a) => a.every(Boolean),
};

function resolve(text: string, host: Readonly<HostState>): Value {
  if (!text) return undefined;
  if (!text.startsWith('$')) return text;
  let obj: Value = host;
  for (const key of text.slice(1).split('.')) {
    if (obj === null || typeof obj !== 'object') return undefined;
    obj = (obj as Record<string, Value>)[key];
    if (obj === undefined || obj === null) return undefined;
  }
  return obj;
}

function evaluate(query: Value[], host: Readonly<HostState>): Value {
  if (query.length === 0) return true;
  const command = COMMANDS[String(query[0])];
  if (command === undefined) throw new Error(`unknown JsonFilter operator ${String(query[0])}`);
  const args: Value[] = [];
  for (const raw of query.slice(1)) {
    const arg = Array.isArray(raw) ? evaluate(raw, host) : typeof raw === 'string' ? resolve(raw, host) : raw;
    if (arg !== undefined && arg !== null) args.push(arg);
  }
  return command(args);
}

function parse(spec: Readonly<RequestSpec>): Value[] | null | 'invalid' {
  const text = spec.scheduler_hints.query?.[0];
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : 'invalid';
  } catch {
    return 'invalid';
  }
}

export function createJsonFilter(): HostFilter {
  // NOTE(speed): the query is parsed once per spec, not once per host.
  let lastSpec: Readonly<RequestSpec> | null = null;
  let query: Value[] | null | 'invalid' = null;
  return {
    name: FilterName.JSON,
    runOnRebuild: false,
    oncePerRequest: false,
    hostPasses(host, spec) {
      if (spec !== lastSpec) {
        query = parse(spec);
        lastSpec = spec;
      }
      if (query === null) return PASS;
      if (query === 'invalid') return INVALID;
      let result: Value;
      try {
        result = evaluate(query, host);
      } catch {
        return INVALID;
      }
      if (Array.isArray(result)) result = result.some(Boolean);
      return result ? PASS : UNSATISFIED;
    },
  };
}
