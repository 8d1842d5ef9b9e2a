/** Checks a request body against its schema before sending it (ajv, as nova-api does). */
import { Ajv, type ValidateFunction } from 'ajv';
import { RequestValidationError } from './errors.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

export function assertMatches(schema: object, body: unknown): void {
  let check = compiled.get(schema);
  if (!check) {
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
  if (check(body)) return;
  const err = check.errors?.[0];
  // NOTE(path): name the field itself: the unexpected key, or the missing one, not its parent object.
  const params = (err?.params ?? {}) as { additionalProperty?: string; missingProperty?: string };
  const field =
    err?.keyword === 'additionalProperties'
      ? params.additionalProperty
      : err?.keyword === 'required'
        ? params.missingProperty
        : undefined;
  const extra = field === undefined ? '' : `/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  throw new RequestValidationError(
    `${err?.instancePath ?? ''}${extra}`,
    err?.message ?? 'does not match its schema',
  );
}

/** Where `value` departs from `schema` (null when it matches): for checking answers against the shared schemas. */
export function schemaMismatch(schema: object, value: unknown): string | null {
  try {
    assertMatches(schema, value);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
