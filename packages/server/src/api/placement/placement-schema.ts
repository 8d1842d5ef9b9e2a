/**
 * JSON Schema validation of request bodies (ajv), reporting failures with
 * the jsonschema wording Placement returns:
 * "JSON does not validate: 'total' is a required property".
 */
import { PLACEMENT_UUID_PATTERN, PlacementError } from '@novats/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { jsonschemaMessage } from '../../http/jsonschema-wording.js';

// verbose: the failing schema is needed to word additionalProperties like jsonschema.
// validateSchema off: these schemas are fixed and tested (see http/validation.ts).
const ajv = new Ajv({ allErrors: false, strict: false, verbose: true, validateSchema: false });
// The body schemas are core's (api-schemas/placement), shared with @novats/sdk; so is their uuid form.
ajv.addFormat('uuid', new RegExp(PLACEMENT_UUID_PATTERN));
const compiled = new WeakMap<object, ValidateFunction>();

/** Placement shows a failing value as JSON, strings quoted as Python does. */
function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
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
    throw new PlacementError(
      400,
      `JSON does not validate: ${jsonschemaMessage(e, body, show)}\n\n${failedValidating(e)}`,
    );
  }
}

/** Python's str(uuid.UUID(value)): lower case with dashes (Placement stores this form). */
export function canonicalUuid(value: string): string {
  const hex = value.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return value;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
