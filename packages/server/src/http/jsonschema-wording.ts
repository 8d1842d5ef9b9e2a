/**
 * Request bodies checked against the shared JSON schemas (ajv), with each
 * failure worded as Python's jsonschema words it (`'name' is a required
 * property`, `5 is not of type 'string'`): the Placement, Glance and
 * Keystone services put that text in their 400s and clients show it.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

// verbose: the failing schema is needed to word additionalProperties like jsonschema.
// validateSchema off: these schemas are fixed and tested (see http/validation.ts).
const ajv = new Ajv({ allErrors: false, strict: false, verbose: true, validateSchema: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** Python's repr of a JSON value, as jsonschema prints it. */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as object)
      .map(([k, v]) => `'${k}': ${pythonRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** The value at an ajv instancePath (`/a/0/b`). */
export function valueAt(instancePath: string, data: unknown): unknown {
  return instancePath
    .split('/')
    .slice(1)
    .reduce<any>((v, k) => v?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], data);
}

/** jsonschema's message for one failure. */
export function jsonschemaMessage(e: ErrorObject, data: unknown, show = pythonRepr): string {
  const value = valueAt(e.instancePath, data);
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return `'${p.missingProperty}' is a required property`;
    case 'additionalProperties': {
      const patterns = Object.keys(
        (e.parentSchema as { patternProperties?: object })?.patternProperties ?? {},
      );
      if (patterns.length)
        return `'${p.additionalProperty}' does not match any of the regexes: ${patterns.map((r) => `'${r}'`).join(', ')}`;
      return `Additional properties are not allowed ('${p.additionalProperty}' was unexpected)`;
    }
    case 'type':
      return `${show(value)} is not of type '${[p.type].flat().join("', '")}'`;
    case 'enum':
      return `${show(value)} is not one of ${pythonRepr(p.allowedValues)}`;
    case 'minimum':
      return `${show(value)} is less than the minimum of ${p.limit}`;
    case 'exclusiveMinimum':
      return `${show(value)} is less than or equal to the minimum of ${p.limit}`;
    case 'maximum':
      return `${show(value)} is greater than the maximum of ${p.limit}`;
    case 'pattern':
      return `${show(value)} does not match '${p.pattern}'`;
    case 'minProperties':
      return `${show(value)} does not have enough properties`;
    case 'minItems':
    case 'minLength':
      return `${show(value)} is too short`;
    case 'maxItems':
    case 'maxLength':
      return `${show(value)} is too long`;
    case 'uniqueItems':
      return `${show(value)} has non-unique elements`;
    case 'format':
      return `${show(value)} is not a '${p.format}'`;
    case 'anyOf':
      return `${show(value)} is not valid under any of the given schemas`;
    default:
      return e.message ?? 'is invalid';
  }
}

export interface SchemaFailure {
  /** Where the failing value is: the keys and indexes down to it (empty for the body itself). */
  readonly path: readonly string[];
  readonly message: string;
  readonly error: ErrorObject;
}

/** The first place `body` departs from `schema`, or null when it matches. */
export function schemaFailure(schema: object, body: unknown): SchemaFailure | null {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(body)) return null;
  // NOTE(if-then): ajv also reports the `if` that selected a failing `then`; the `then` error comes first.
  const e = validate.errors![0]!;
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { path, message: jsonschemaMessage(e, body), error: e };
}
