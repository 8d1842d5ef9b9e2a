/**
 * A seeded random number generator for host_subset_size picks and tie
 * shuffles, so that a request's choices are reproducible (Nomad seeds its
 * shuffle from the eval ID). mulberry32: fast, 32-bit state, good enough
 * for choosing among a handful of hosts; not for anything secret.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** mulberry32 seeded with a 32-bit integer. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** A 32-bit seed from a string such as a request id or instance uuid (FNV-1a). */
export function seedFromString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** An Rng seeded from `text`. */
export function seededRng(text: string): Rng {
  return mulberry32(seedFromString(text));
}
