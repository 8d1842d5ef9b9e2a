/** The flavor representation of the Compute API, by microversion. */
import type { Flavor } from '@novats/core';
import type { ApiVersion } from '../api-version.js';
import { type LinkBase, resourceLinks } from '../links.js';

export function flavorSummary(f: Flavor, base: LinkBase, v: ApiVersion): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: f.flavorid,
    name: f.name,
    links: resourceLinks(base, 'flavors', f.flavorid),
  };
  if (v.atLeast(2, 55)) view.description = f.description;
  return view;
}

export function flavorDetail(
  f: Flavor,
  base: LinkBase,
  v: ApiVersion,
  showExtraSpecs: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: f.flavorid,
    name: f.name,
    ram: f.memory_mb,
    disk: f.root_gb,
    vcpus: f.vcpus,
    // NOTE(nova): swap was "" when 0 until 2.75.
    swap: f.swap === 0 && !v.atLeast(2, 75) ? '' : f.swap,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral_gb,
    'OS-FLV-DISABLED:disabled': f.disabled,
    'os-flavor-access:is_public': f.is_public,
    rxtx_factor: f.rxtx_factor,
    links: resourceLinks(base, 'flavors', f.flavorid),
  };
  if (v.atLeast(2, 55)) view.description = f.description;
  if (v.atLeast(2, 61) && showExtraSpecs) view.extra_specs = { ...f.extra_specs };
  return view;
}
