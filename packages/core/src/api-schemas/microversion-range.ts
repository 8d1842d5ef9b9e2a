/**
 * Type-level comparison of Compute microversions ('2.1' .. '2.93'), so a
 * call's request and response types follow the version it asks for.
 */
type Tuple<N extends number, A extends unknown[] = []> = A['length'] extends N ? A : Tuple<N, [...A, 0]>;

/** The minor number of '2.N'. */
export type MinorOf<V extends string> = V extends `2.${infer N extends number}` ? N : never;

/** true when version V is at least 2.M. */
export type AtLeast<V extends string, M extends number> = Tuple<MinorOf<V>> extends [
  ...Tuple<M>,
  ...unknown[],
]
  ? true
  : false;

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
