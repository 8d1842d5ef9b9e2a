/**
 * JSON Schema validation of request bodies (ajv), reporting failures with
 * the jsonschema wording Placement returns:
 * "JSON does not validate: 'total' is a required property".
 */
import { PlacementError } from '@novats/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: false, strict: false });
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
    case 'additionalProperties':
      return `Additional properties are not allowed ('${p.additionalProperty}' was unexpected)`;
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

/** Throws 400 when `body` does not match `schema`. */
export function validateBody(schema: object, body: unknown): void {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(body))
    throw new PlacementError(400, `JSON does not validate: ${describe(validate.errors![0]!, body)}`);
}

export const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$';
export const MAX_INT = 2147483647;
export const RC_PATTERN = '^[A-Z0-9_]+$';
export const CUSTOM_PATTERN = '^CUSTOM_[A-Z0-9_]+$';
export const uuidSchema = { type: 'string', pattern: UUID_PATTERN } as const;
