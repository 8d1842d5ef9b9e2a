/**
 * Traits a request asks for through `trait:<NAME>=required|forbidden`, in
 * flavor extra specs and image properties (Nova's ResourceRequest reads
 * both; an image can only require). Shared by the trait prefilters.
 */
import type { RequestSpec } from '../../objects/request-spec.js';

const PREFIX = 'trait:';

function collect(source: Readonly<Record<string, string>>, value: string): string[] {
  const out: string[] = [];
  for (const key in source)
    if (key.startsWith(PREFIX) && source[key] === value) out.push(key.slice(PREFIX.length));
  return out;
}

/** `trait:X=required` entries of the image properties. */
export function imageRequiredTraits(spec: Readonly<RequestSpec>): string[] {
  return collect(spec.image?.properties ?? {}, 'required');
}

/** Required traits of flavor and image together, without duplicates. */
export function allRequiredTraits(spec: Readonly<RequestSpec>): string[] {
  return [...new Set([...collect(spec.flavor.extra_specs, 'required'), ...imageRequiredTraits(spec)])];
}
