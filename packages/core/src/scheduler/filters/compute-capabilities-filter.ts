/**
 * ComputeCapabilitiesFilter: flavor extra specs scoped `capabilities:` (or
 * unscoped keys naming a host attribute or `stats` key) must match the host
 * (Nova's `compute_capabilities_filter.py`). Nested scopes walk into JSON
 * strings such as `cpu_info` (`capabilities:cpu_info:features`); values are
 * compared with the extra specs operators. Other scopes are ignored.
 */
import { matchExtraSpec } from '../extra-specs-ops.js';
import { type HostFilter, PASS, rejectHost } from '../filter.js';
import type { HostState } from '../host-state.js';
import { FilterName } from '../names.js';

export const REASON_CAPABILITY_MISSING = 'capability missing';
export const REASON_CAPABILITY_MISMATCH = 'capability mismatch';
const MISSING = rejectHost(REASON_CAPABILITY_MISSING);
const MISMATCH = rejectHost(REASON_CAPABILITY_MISMATCH);
const SCOPE = 'capabilities';

/** Nova's `_get_capabilities`: walks `scope` from the host, parsing JSON strings on the way. */
function lookup(host: Readonly<HostState>, scope: readonly string[]): unknown {
  let cap: unknown = host;
  for (let i = 0; i < scope.length; i++) {
    const key = scope[i] as string;
    if (typeof cap === 'string') {
      try {
        cap = JSON.parse(cap);
      } catch {
        return undefined;
      }
    }
    if (cap === null || typeof cap !== 'object') return undefined;
    const record = cap as Record<string, unknown>;
    if (i === 0 && cap === host) cap = record[key] ?? host.stats?.[key];
    else cap = record[key];
    if (cap === undefined || cap === null) return undefined;
  }
  return cap;
}

/** Python's `str()` of the value, so `<in>` over a list reads like Nova's. */
function pythonStr(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => (typeof v === 'string' ? `'${v}'` : pythonStr(v))).join(', ')}]`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const computeCapabilitiesFilter: HostFilter = {
  name: FilterName.COMPUTE_CAPABILITIES,
  runOnRebuild: false,
  oncePerRequest: true,
  skipFor(spec) {
    for (const _ in spec.flavor.extra_specs) return false;
    return true;
  },
  hostPasses(host, spec) {
    const extraSpecs = spec.flavor.extra_specs;
    for (const key in extraSpecs) {
      let scope = key.split(':');
      if (scope.length === 1) {
        // NOTE(nova): an unscoped key counts only when the host has such an attribute or stat.
        if (!(key in host) && host.stats?.[key] === undefined) continue;
      } else if (scope[0] !== SCOPE) continue;
      else scope = scope.slice(1);
      const cap = lookup(host, scope);
      if (cap === undefined) return MISSING;
      if (!matchExtraSpec(pythonStr(cap), extraSpecs[key] as string)) return MISMATCH;
    }
    return PASS;
  },
};
