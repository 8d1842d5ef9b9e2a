/**
 * GET /allocation_candidates (1.10) from the store's in-memory index. The
 * view follows the microversion: list-form requests before 1.12, mappings
 * from 1.34, summaries with only the requested classes before 1.27, traits
 * from 1.17, tree uuids from 1.29.
 */
import { findGroupedAllocationCandidates } from '@novats/core';
import { parseCandidateRequest } from '../request-groups.js';
import type { PlacementRoute } from '../route-table.js';

export const allocationCandidateRoutes: PlacementRoute[] = [
  {
    method: 'GET',
    path: '/allocation_candidates',
    minVersion: 10,
    policy: 'placement:allocation_candidates:list',
    async handler({ store, minor, query, options }) {
      const { groups, wide, limit } = await parseCandidateRequest(store, query, minor);
      const index = await store.loadIndex();
      const ac = findGroupedAllocationCandidates(index, groups, wide, {
        limit,
        randomize: options.randomizeAllocationCandidates,
      });
      const requested = new Set(groups.flatMap((g) => Object.keys(g.resources ?? {})));
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
          minor >= 27
            ? s.resources
            : Object.fromEntries(Object.entries(s.resources).filter(([rc]) => requested.has(rc)));
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
