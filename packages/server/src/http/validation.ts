/**
 * JSON Schema validation of request bodies and queries (ajv), failing with
 * the message shape Nova's validator uses:
 * "Invalid input for field/attribute <field>. Value: <value>. <reason>".
 */

import { InvalidInput } from '@novats/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

// NOTE(start-up): validateSchema off: our schemas are fixed and tested; checking each against the
// draft-07 meta-schema compiles that meta-schema first, the largest single cost of a cloud's start.
const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false, validateSchema: false });

function describe(err: ErrorObject, data: unknown): string {
  const path = err.instancePath.split('/').filter(Boolean);
  let value: unknown = data;
  for (const p of path) value = (value as Record<string, unknown> | undefined)?.[p];
  const field = path.length ? path[path.length - 1] : 'body';
  let reason = err.message ?? 'is invalid';
  if (err.keyword === 'required')
    reason = `'${(err.params as { missingProperty: string }).missingProperty}' is a required property`;
  else if (err.keyword === 'additionalProperties') {
    reason = `Additional properties are not allowed ('${(err.params as { additionalProperty: string }).additionalProperty}' was unexpected)`;
  } else if (err.keyword === 'type')
    reason = `${JSON.stringify(value)} is not of type '${(err.params as { type: string }).type}'`;
  else if (err.keyword === 'minLength') reason = `${JSON.stringify(value)} is too short`;
  else if (err.keyword === 'maxLength') reason = `${JSON.stringify(value)} is too long`;
  else if (err.keyword === 'pattern')
    reason = `${JSON.stringify(value)} does not match '${(err.params as { pattern: string }).pattern}'`;
  else if (err.keyword === 'minimum')
    reason = `${JSON.stringify(value)} is less than the minimum of ${(err.params as { limit: number }).limit}`;
  else if (err.keyword === 'enum')
    reason = `${JSON.stringify(value)} is not one of ${JSON.stringify((err.params as { allowedValues: unknown }).allowedValues)}`;
  return `Invalid input for field/attribute ${field}. Value: ${JSON.stringify(value)}. ${reason}`;
}

export type Validator<T> = (data: unknown) => T;

export function compileValidator<T>(schema: object): Validator<T> {
  const fn: ValidateFunction = ajv.compile(schema);
  return (data: unknown) => {
    if (!fn(data)) throw new InvalidInput(describe(fn.errors![0], data));
    return data as T;
  };
}
