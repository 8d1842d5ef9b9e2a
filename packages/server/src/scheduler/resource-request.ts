/**
 * The placement query for a request spec (Nova's ResourceRequest, the
 * unnumbered group only for now): VCPU, MEMORY_MB and DISK_GB from the
 * flavor, with `resources:RC=N` extra specs overriding or adding classes
 * and `trait:T=required|forbidden` becoming required traits, plus what the
 * request filters (Nova's prefilters) added: aggregates and root traits.
 */
import {
  type AllocationCandidatesQuery,
  EMPTY_PLACEMENT_QUERY,
  type PlacementQuery,
  type RequestSpec,
} from '@novats/core';

export function resourceQuery(
  spec: RequestSpec,
  limit: number,
  prefiltered: PlacementQuery = EMPTY_PLACEMENT_QUERY,
): AllocationCandidatesQuery {
  const f = spec.flavor;
  const resources: Record<string, number> = {
    VCPU: f.vcpus,
    MEMORY_MB: f.memory_mb,
    DISK_GB: (spec.is_bfv ? 0 : f.root_gb) + f.ephemeral_gb + Math.ceil(f.swap / 1024),
  };
  const required: string[] = [...prefiltered.required_traits];
  for (const [key, value] of Object.entries(f.extra_specs)) {
    const res = /^resources:([A-Z0-9_]+)$/.exec(key);
    if (res) resources[res[1]] = Number(value);
    const trait = /^trait:([A-Z0-9_]+)$/.exec(key);
    if (trait && value === 'required') required.push(trait[1]);
    if (trait && value === 'forbidden') required.push(`!${trait[1]}`);
  }
  for (const rc of Object.keys(resources)) if (!(resources[rc] > 0)) delete resources[rc];
  const rootRequired = [...prefiltered.root_required, ...prefiltered.root_forbidden.map((t) => `!${t}`)];
  return {
    resources,
    required: required.length ? [...new Set(required)] : undefined,
    member_of: prefiltered.member_of.length ? prefiltered.member_of : undefined,
    forbidden_aggregates: prefiltered.forbidden_aggregates.length
      ? prefiltered.forbidden_aggregates
      : undefined,
    root_required: rootRequired.length ? rootRequired : undefined,
    limit,
  };
}
