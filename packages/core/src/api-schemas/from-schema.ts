/**
 * The TypeScript type a JSON schema (written `as const`) accepts: the SDK's
 * request and response types come from the very schemas the servers validate
 * with, so the two cannot drift. Covers the keywords our API schemas use.
 */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Primitive<T> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? unknown[]
          : T extends 'object'
            ? Record<string, unknown>
            : unknown;

type Props<P, R> = Simplify<
  { -readonly [K in keyof P as K extends R ? K : never]-?: FromSchema<P[K]> } & {
    -readonly [K in keyof P as K extends R ? never : K]?: FromSchema<P[K]>;
  }
>;

/** The values a schema's named properties take (none when it names none). */
type NamedValues<S> = S extends { properties: infer P } ? FromSchema<P[keyof P]> | undefined : never;

type Extra<S> = S extends { patternProperties: infer PP }
  ? Record<string, FromSchema<PP[keyof PP]>>
  : S extends { additionalProperties: false }
    ? unknown
    : S extends { additionalProperties: true }
      ? Record<string, unknown>
      : S extends { additionalProperties: infer A extends object }
        ? // NOTE(index): the index signature also covers the named properties, so it must admit their values.
          Record<string, FromSchema<A> | NamedValues<S>>
        : unknown;

type ObjectOf<S> = (S extends { properties: infer P }
  ? Props<P, S extends { required: readonly (infer R)[] } ? R : never>
  : unknown) &
  Extra<S>;

export type FromSchema<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { type: 'object' }
      ? ObjectOf<S>
      : S extends { anyOf: readonly (infer A)[] }
        ? A extends unknown
          ? FromSchema<A>
          : never
        : S extends { type: 'array'; items: infer I }
          ? FromSchema<I>[]
          : S extends { type: readonly (infer T)[] }
            ? // NOTE(nullable): `type: ['object', 'null']` keeps the object's properties.
              ('object' extends T ? ObjectOf<S> : never) | Primitive<Exclude<T, 'object'>>
            : S extends { type: infer T }
              ? Primitive<T>
              : unknown;
