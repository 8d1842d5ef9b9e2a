/**
 * Option definitions and value types as oslo.config declares them (StrOpt,
 * BoolOpt, IntOpt, FloatOpt, PortOpt, ListOpt, DictOpt, MultiStrOpt). Values
 * arrive as strings from nova.conf and are converted here; a `null` default
 * is Nova's `None` (unset), and the getter's type says so.
 */

/** oslo.config's option classes, by the value they hold. */
export interface OptValueMap {
  str: string;
  bool: boolean;
  int: number;
  float: number;
  port: number;
  list: string[];
  dict: Record<string, string>;
  multistr: string[];
}
export type OptType = keyof OptValueMap;

/** Where an option used to live (oslo's DeprecatedOpt); a missing part means "same as now". */
export interface DeprecatedName {
  readonly group?: string;
  readonly name?: string;
}

export interface OptDefinition<T extends OptType = OptType, D = OptValueMap[T] | null> {
  readonly type: T;
  /** Nova's default; `null` is Nova's `None`. Strings may contain `$option` references. */
  readonly default: D;
  readonly help: string;
  /** Old names still read, with a warning (oslo's `deprecated_opts`). */
  readonly deprecatedNames?: readonly DeprecatedName[];
  /** Reading this option from a file warns that it will go away (oslo's `deprecated_for_removal`). */
  readonly deprecatedForRemoval?: boolean;
  readonly deprecatedReason?: string;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Passwords and connection strings: never logged. */
  readonly secret?: boolean;
}

/** The value type a getter returns for an option definition. */
export type OptValue<O> =
  O extends OptDefinition<infer T, infer D>
    ? null extends D
      ? OptValueMap[T] | null
      : OptValueMap[T]
    : never;

export type OptExtras = Omit<OptDefinition, 'type' | 'default' | 'help'>;

const make =
  <T extends OptType>(type: T) =>
  <D extends OptValueMap[T] | null>(
    defaultValue: D,
    help: string,
    extras: OptExtras = {},
  ): OptDefinition<T, D> => ({
    type,
    default: defaultValue,
    help,
    ...extras,
  });

/** Builders named after oslo.config's classes, so option tables read like `nova/conf/*.py`. */
export const Opt = {
  str: make('str'),
  bool: make('bool'),
  int: make('int'),
  float: make('float'),
  port: make('port'),
  list: make('list'),
  dict: make('dict'),
  multistr: make('multistr'),
};

const TRUE_WORDS = new Set(['true', '1', 'on', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'off', 'no']);

/** oslo.config's Boolean type: true/false, yes/no, on/off, 1/0, any case. */
export function parseBool(raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new TypeError(`Unexpected boolean value '${raw}'`);
}

export function parseInt10(raw: string): number {
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) throw new TypeError(`Value '${raw}' is not an integer`);
  return Number.parseInt(text, 10);
}

export function parseFloatValue(raw: string): number {
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new TypeError(`Value '${raw}' is not a float`);
  return value;
}

/** oslo.config's List type: comma-separated, items stripped, an empty string is an empty list. */
export function parseList(raw: string): string[] {
  if (raw.trim() === '') return [];
  return raw.split(',').map((item) => unquote(item.trim()));
}

/** oslo.config's Dict type: `k1:v1,k2:v2`; a pair without `:` is an error. */
export function parseDict(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of parseList(raw)) {
    const at = pair.indexOf(':');
    if (at === -1) throw new TypeError(`Value '${pair}' is not a key:value pair`);
    out[pair.slice(0, at).trim()] = unquote(pair.slice(at + 1).trim());
  }
  return out;
}

function unquote(text: string): string {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]
    ? text.slice(1, -1)
    : text;
}

/** Converts the (already interpolated) string values of one option; the last one wins except for multistr. */
export function convertValue<T extends OptType>(
  def: OptDefinition<T, unknown>,
  values: readonly string[],
): OptValueMap[T] {
  if (def.type === 'multistr') return [...values] as OptValueMap[T];
  const raw = values[values.length - 1] ?? '';
  let value: unknown;
  switch (def.type) {
    case 'str':
      value = raw;
      break;
    case 'bool':
      value = parseBool(raw);
      break;
    case 'int':
      value = parseInt10(raw);
      break;
    case 'port':
      value = parseInt10(raw);
      checkBounds(value as number, 0, 65535);
      break;
    case 'float':
      value = parseFloatValue(raw);
      break;
    case 'list':
      value = parseList(raw);
      break;
    case 'dict':
      value = parseDict(raw);
      break;
  }
  if (typeof value === 'number') checkBounds(value, def.min, def.max);
  if (def.choices && typeof value === 'string' && !def.choices.includes(value)) {
    throw new TypeError(`Valid values are [${def.choices.join(', ')}], but found '${value}'`);
  }
  return value as OptValueMap[T];
}

function checkBounds(value: number, min?: number, max?: number): void {
  if (min !== undefined && value < min) throw new TypeError(`Should be greater than or equal to ${min}`);
  if (max !== undefined && value > max) throw new TypeError(`Should be less than or equal to ${max}`);
}

/** Python's `str()` of a value, used when a typed default is interpolated into another option. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, string>)
      .map(([k, v]) => `${k}:${v}`)
      .join(',');
  }
  return String(value);
}
