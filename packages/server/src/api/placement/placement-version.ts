/**
 * Placement microversions (1.0 to 1.39): `OpenStack-API-Version: placement
 * X.Y` or `latest`; no header means 1.0; unsupported is 406, malformed 400.
 */
import { PlacementError } from '@novats/core';

export const MIN_MINOR = 0;
export const MAX_MINOR = 39;
export const MIN_VERSION = '1.0';
export const MAX_VERSION = `1.${MAX_MINOR}`;

/** A 406 whose body also names the supported range. */
export class PlacementVersionNotAcceptable extends PlacementError {
  constructor(message: string) {
    super(406, message);
  }
}

/** The requested minor version (major is always 1). */
export function negotiatePlacementVersion(header: string | string[] | undefined): number {
  let requested: string | undefined;
  for (const value of [header ?? []].flat()) {
    for (const part of value.split(',')) {
      const [service, version] = part.trim().split(/\s+/);
      if (service?.toLowerCase() === 'placement' && version) requested = version;
    }
  }
  if (requested === undefined) return MIN_MINOR;
  if (requested.toLowerCase() === 'latest') return MAX_MINOR;
  const m = /^(\d+)\.(\d+)$/.exec(requested);
  if (!m) throw new PlacementError(400, `invalid version string: ${requested}`);
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 1 || minor > MAX_MINOR) {
    throw new PlacementVersionNotAcceptable(`Unacceptable version header: ${requested}`);
  }
  return minor;
}

export function formatPlacementVersion(minor: number): string {
  return `1.${minor}`;
}
