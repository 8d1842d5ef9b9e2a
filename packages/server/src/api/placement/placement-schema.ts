/**
 * JSON Schema validation of request bodies (ajv), reporting failures with
 * the jsonschema wording Placement returns:
 * "JSON does not validate: 'total' is a required property".
 */
import { PLACEMENT_UUID_PATTERN, PlacementError } from '@novats/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

// verbose: the failing schema is needed to word additionalProperties like jsonschema.
// validateSchema off: these schemas are fixed and tested (see http/validation.ts).
const ajv = new Ajv({ allErrors: false, strict: false, verbose: true, validateSchema: false });
// The body schemas are core's (api-schemas/placement), shared with @novats/sdk; so is their uuid form.
ajv.addFormat('uuid', new RegExp(PLACEMENT_UUID_PATTERN));
const compiled = new WeakMap<object, ValidateFunction>();

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function describe(e: ErrorObject, data: unknown): string {
  const value = e.instancePath
    .split('/')
    .slice(1)
    .reduce<any>((v, k) => v?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], data);
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
      return `${show(value)} is too short`;
    case 'maxLength':
      return `${show(value)} is too long`;
    case 'minLength':
      return `${show(value)} is too short`;
    case 'uniqueItems':
      return `${show(value)} has non-unique elements`;
    case 'format':
      return `${show(value)} is not a '${p.format}'`;
    default:
      return e.message ?? 'is invalid';
  }
}

/** `a/b/0` as Python subscripts: `['a']['b'][0]`. */
function subscripts(segments: readonly string[]): string {
  return segments.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `['${k}']`)).join('');
}

/**
 * The rest of str(jsonschema.ValidationError) after the message: which
 * keyword failed where (clients and gabbits match on "Failed validating").
 */
function failedValidating(e: ErrorObject): string {
  const schemaPath = e.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).slice(0, -1);
  const instancePath = e.instancePath.split('/').slice(1);
  return `Failed validating '${e.keyword}' in schema${subscripts(schemaPath)}\n\nOn instance${subscripts(instancePath)}`;
}

/** Throws 400 when `body` does not match `schema`. */
export function validateBody(schema: object, body: unknown): void {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(body)) {
    const e = validate.errors![0]!;
    throw new PlacementError(400, `JSON does not validate: ${describe(e, body)}\n\n${failedValidating(e)}`);
  }
}

/** Python's str(uuid.UUID(value)): lower case with dashes (Placement stores this form). */
export function canonicalUuid(value: string): string {
  const hex = value.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return value;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
