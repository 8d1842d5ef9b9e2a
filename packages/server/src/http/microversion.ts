/**
 * Microversion negotiation as OpenStack services do it (microversion-parse):
 * `OpenStack-API-Version: <service> X.Y` wins over the legacy header; no
 * header means the minimum; `latest` means the maximum.
 */
import { InvalidInput, NovaError } from '@novats/core';

export interface Microversion {
  readonly major: number;
  readonly minor: number;
}

export class VersionNotAcceptable extends NovaError {
  readonly code = 'api.version_not_acceptable';
  readonly status = 406 as const;
  /** The out-of-range version asked for (Nova's 406 fault echoes it in the version headers). */
  constructor(
    message: string,
    readonly requested?: Microversion,
  ) {
    super(message);
  }
}

export function parseVersion(text: string): Microversion | null {
  // NOTE(microversion-parse): no leading zeros ("2.01" and "02.1" are malformed), "X.0" allowed.
  const m = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

export function compareVersions(a: Microversion, b: Microversion): number {
  return a.major - b.major || a.minor - b.minor;
}

export function formatVersion(v: Microversion): string {
  return `${v.major}.${v.minor}`;
}

/** Picks the requested version for `service` from the headers, or throws 400/406. */
export function negotiateVersion(
  headers: Record<string, string | string[] | undefined>,
  service: string,
  min: Microversion,
  max: Microversion,
  legacyHeader?: string,
): Microversion {
  let requested: string | undefined;
  const modern = headers['openstack-api-version'];
  for (const value of [modern].flat()) {
    if (!value) continue;
    for (const part of value.split(',')) {
      const [svc, ver] = part.trim().split(/\s+/);
      if (svc?.toLowerCase() === service && ver) requested = ver;
    }
  }
  if (requested === undefined && legacyHeader) {
    const legacy = headers[legacyHeader];
    requested = Array.isArray(legacy) ? legacy[legacy.length - 1] : legacy;
  }
  if (requested === undefined) return min;
  if (requested.trim().toLowerCase() === 'latest') return max;
  const v = parseVersion(requested);
  if (!v)
    throw new InvalidInput(
      `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  if (compareVersions(v, min) < 0 || compareVersions(v, max) > 0) {
    throw new VersionNotAcceptable(
      `Version ${formatVersion(v)} is not supported by the API. Minimum is ${formatVersion(min)} and maximum is ${formatVersion(max)}.`,
      v,
    );
  }
  return v;
}
