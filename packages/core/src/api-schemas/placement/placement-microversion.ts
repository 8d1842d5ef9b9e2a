/**
 * Placement microversions ('1.0' .. '1.39') at the type level and at run
 * time, so the Placement API picks a body schema and @novats/sdk types a
 * call with the same rule.
 */
import type { MinorAtLeast, NewestVariant, Variants } from '../microversion-range.js';

/** A Placement API microversion: '1.0' .. '1.39'. */
export type PlacementMicroversion = `1.${number}`;

/** The minor number of '1.N'. */
export type PlacementMinorOf<V extends string> = V extends `1.${infer N extends number}` ? N : never;

/** true when Placement version V is at least 1.M. */
export type PlacementAtLeast<V extends string, M extends number> = MinorAtLeast<PlacementMinorOf<V>, M>;

/** The schema variant of L (see Variants) at Placement microversion V. */
export type PlacementVariantAt<V extends string, L> = NewestVariant<PlacementMinorOf<V>, L>;

/** The minor number of a Placement microversion given as '1.N' or as the number N. */
export function placementMinor(version: string | number): number {
  if (typeof version === 'number') return version;
  const m = /^1\.(\d+)$/.exec(version);
  if (!m) throw new RangeError(`not a Placement microversion: ${version}`);
  return Number(m[1]);
}

/** PlacementVariantAt at run time: undefined when `version` is older than every variant. */
export function placementVariantAt<L extends Variants>(
  version: string | number,
  variants: L,
): L[number][1] | undefined {
  const minor = placementMinor(version);
  return variants.find(([from]) => minor >= from)?.[1];
}
