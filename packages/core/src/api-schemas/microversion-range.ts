/**
 * Type-level comparison of Compute microversions ('2.1' .. '2.93'), so a
 * call's request and response types follow the version it asks for.
 */
type Tuple<N extends number, A extends unknown[] = []> = A['length'] extends N ? A : Tuple<N, [...A, 0]>;

/** The minor number of '2.N'. */
export type MinorOf<V extends string> = V extends `2.${infer N extends number}` ? N : never;

/** true when minor number N is at least M (Compute's and Placement's microversions alike). */
export type MinorAtLeast<N extends number, M extends number> = Tuple<N> extends [...Tuple<M>, ...unknown[]]
  ? true
  : false;

/** true when version V is at least 2.M. */
export type AtLeast<V extends string, M extends number> = MinorAtLeast<MinorOf<V>, M>;

/**
 * A body's schema variants, each with the minor version it starts at,
 * newest first: `[[90, V2_90], [19, V2_19], [1, V2_1]]`.
 */
export type Variants = readonly (readonly [number, unknown])[];

/** The schema of the first (newest) variant of L that minor number N is at least. */
export type NewestVariant<N extends number, L> = L extends readonly [
  readonly [infer M extends number, infer S],
  ...infer Older,
]
  ? MinorAtLeast<N, M> extends true
    ? S
    : NewestVariant<N, Older>
  : never;

/** The schema variant of L at Compute microversion V. */
export type VariantAt<V extends string, L> = NewestVariant<MinorOf<V>, L>;

/** A Compute API microversion this package knows: '2.1' .. '2.93'. */
export type ComputeMicroversion = `2.${number}`;

/**
 * A microversion at run time: the text `'2.N'`, or any object that prints as
 * it (nova-api's own version object), so the servers and the SDK pick a
 * schema with the same call.
 */
export type MicroversionLike = string | { toString(): string };

/** Whether `version` ('2.N') is at least 2.`minor`, at run time. */
export function atLeast(version: MicroversionLike, minor: number): boolean {
  const m = /^2\.(\d+)$/.exec(String(version));
  return m !== null && Number(m[1]) >= minor;
}

/** VariantAt at run time: undefined when `version` is older than every variant. */
export function variantAt<L extends Variants>(
  version: MicroversionLike,
  variants: L,
): L[number][1] | undefined {
  return variants.find(([minor]) => atLeast(version, minor))?.[1];
}
