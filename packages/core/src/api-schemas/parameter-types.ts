/**
 * Schema fragments several request bodies share (Nova's
 * `api/validation/parameter_types.py`), written `as const` so that the
 * TypeScript types of @novats/sdk follow from them, and the helpers that
 * wrap a fragment into a whole request body.
 */

/** Nova's `name`: printable, no leading or trailing blank. */
export const NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^(?! )[^\\x00-\\x1f]*(?<! )$',
} as const;

/** A name without surrounding whitespace of any kind (servers' and aggregates' names). */
export const TRIMMED_NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  pattern: '^(?![\\s])[\\s\\S]*(?<![\\s])$',
} as const;

/** Nova's `hostname` (a compute host's name). */
export const HOST = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[a-zA-Z0-9-._]*$' } as const;

export const UUID = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
} as const;

export const ADMIN_PASSWORD = { type: 'string' } as const;

/** Nova's `metadata`: keys of its metadata key pattern, string values up to 255. */
export const METADATA = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. ]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
} as const;

/** Nova's `boolean`: a JSON boolean or one of the strings oslo's strutils accepts. */
export const BOOL_LIKE = {
  anyOf: [
    { type: 'boolean' },
    { type: 'string', enum: ['True', 'False', 'true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] },
  ],
} as const;

export const DISK_CONFIG = { type: 'string', enum: ['AUTO', 'MANUAL'] } as const;

export const DESCRIPTION = { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'null' }] } as const;

/** `{"<key>": <inner>}` and nothing else: the shape of every Compute request body. */
export function wrapped<K extends string, I>(key: K, inner: I) {
  return {
    type: 'object' as const,
    properties: { [key]: inner } as { [P in K]: I },
    required: [key] as readonly [K],
    additionalProperties: false as const,
  };
}

/** A closed object schema (unknown keys refused, as Nova's `additionalProperties: false`). */
export function closed<P, R extends readonly string[] = readonly []>(properties: P, required?: R) {
  return {
    type: 'object' as const,
    properties,
    required: (required ?? []) as unknown as R,
    additionalProperties: false as const,
  };
}

/** Like `closed`, but the body may also be `null` (`{"rescue": null}`). */
export function closedOrNull<P, R extends readonly string[] = readonly []>(properties: P, required?: R) {
  return {
    type: ['object', 'null'] as readonly ['object', 'null'],
    properties,
    required: (required ?? []) as unknown as R,
    additionalProperties: false as const,
  };
}

/**
 * `build(from)` made once per `from` object: a body schema derived from a
 * versioned one stays the same object, so a validator compiled for it is
 * reused.
 */
export function derivedOnce<F extends object>(build: (from: F) => object): (from: F) => object {
  const made = new WeakMap<F, object>();
  return (from) => {
    let schema = made.get(from);
    if (!schema) {
      schema = build(from);
      made.set(from, schema);
    }
    return schema;
  };
}
