/**
 * GET /allocation_candidates (1.10) from the store's in-memory index. The
 * view follows the microversion: list-form requests before 1.12, mappings
 * from 1.34, summaries with only the requested classes before 1.27, traits
 * from 1.17, tree uuids from 1.29. Granular (suffixed) groups are not served
 * yet and are refused with 400.
 */
import { findAllocationCandidates, PlacementError, type ProviderQuery } from '@novats/core';
import {
  parseInTree,
  parseLimit,
  parseMemberOf,
  parseRequired,
  parseResources,
  values,
} from '../placement-query.js';
import type { PlacementRoute } from '../route-table.js';

function params(minor: number): string[] {
  const p = ['resources'];
  if (minor >= 16) p.push('limit');
  if (minor >= 17) p.push('required');
  if (minor >= 21) p.push('member_of');
  if (minor >= 25) p.push('group_policy');
  if (minor >= 31) p.push('in_tree');
  if (minor >= 35) p.push('root_required');
  return p;
}

export const allocationCandidateRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/allocation_candidates',
    minVersion: 10,
    policy: 'placement:allocation_candidates:list',
    query: params,
    async handler({ store, minor, query, options }) {
      const [raw] = values(query, 'resources', false);
      if (raw === undefined)
        throw new PlacementError(400, "Invalid query string parameters: 'resources' is a required property");
      const q: { -readonly [K in keyof ProviderQuery]: ProviderQuery[K] } = {
        resources: await parseResources(store, raw),
      };
      Object.assign(q, await parseRequired(store, values(query, 'required', minor >= 39), minor));
      Object.assign(q, parseMemberOf(values(query, 'member_of', minor >= 24), minor));
      q.in_tree = parseInTree(values(query, 'in_tree', false)[0]);
      const root = await parseRequired(store, values(query, 'root_required', true), minor);
      q.root_required = root.required?.flat();
      q.root_forbidden = root.forbidden;
      const limit = parseLimit(values(query, 'limit', false)[0]);
      const index = await store.loadIndex();
      const ac = findAllocationCandidates(index, q, {
        limit,
        randomize: options.randomizeAllocationCandidates,
      });
      const requested = Object.keys(q.resources!);
      const allocation_requests = ac.allocation_requests.map((ar) => {
        if (minor < 12) {
          return {
            allocations: Object.entries(ar.allocations).map(([uuid, a]) => ({
              resource_provider: { uuid },
              resources: a.resources,
            })),
          };
        }
        return minor >= 34 ? ar : { allocations: ar.allocations };
      });
      const provider_summaries: Record<string, unknown> = {};
      for (const [uuid, s] of Object.entries(ac.provider_summaries)) {
        const resources =
          minor >= 27 ? s.resources : Object.fromEntries(requested.map((rc) => [rc, s.resources[rc]]));
        const view: Record<string, unknown> = { resources };
        if (minor >= 17) view.traits = s.traits;
        if (minor >= 29) {
          view.parent_provider_uuid = s.parent_provider_uuid;
          view.root_provider_uuid = s.root_provider_uuid;
        }
        provider_summaries[uuid] = view;
      }
      return { status: 200, body: { allocation_requests, provider_summaries } };
    },
  },
];
