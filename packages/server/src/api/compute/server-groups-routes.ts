/**
 * /os-server-groups (Nova's server_groups controller): list (all_projects
 * for admins, limit/offset), create (200; policies list before 2.64, policy
 * and rules from 2.64; the server_groups quota is 403), show and delete (204).
 */
import type { ServerGroupPolicy } from '@novats/core';
import { serverGroupCreateSchema, serverGroupsQuery } from '@novats/core';
import {
  createServerGroup,
  deleteServerGroup,
  listServerGroups,
  showServerGroup,
} from '../../compute-orchestration/server-group-api.js';
import type { ApiVersion } from './api-version.js';
import { lastValue } from './pagination.js';
import { type ComputeRoute, perVersion } from './route-table.js';
import { serverGroupView } from './views/server-group-view.js';

const createBody = perVersion((v: ApiVersion) => serverGroupCreateSchema(v));
const listQuery = perVersion((v: ApiVersion) => serverGroupsQuery(v.atLeast(2, 75)));

export const SERVER_GROUPS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-server-groups',
    policy: 'os_compute_api:os-server-groups:index',
    query: listQuery,
    summary: "The project's server groups (all_projects for admins; limit, offset)",
    async handler(r) {
      const groups = await listServerGroups(r.deps, r.ctx, r.query.all_projects !== undefined);
      const offset = Number(lastValue(r.query.offset) ?? 0);
      const limit = Math.min(Number(lastValue(r.query.limit) ?? r.deps.maxLimit), r.deps.maxLimit);
      const page = groups.slice(offset, offset + limit);
      return { body: { server_groups: page.map((g) => serverGroupView(g.group, g.members, r.version)) } };
    },
  },
  {
    method: 'POST',
    path: '/os-server-groups',
    policy: 'os_compute_api:os-server-groups:create',
    body: createBody,
    summary: 'Create a server group (soft-* 2.15, policy and rules 2.64)',
    async handler(r) {
      const g = r.body.server_group;
      const rules: Record<string, number> = {};
      if (g.rules?.max_server_per_host !== undefined) {
        rules.max_server_per_host = Number(g.rules.max_server_per_host);
      }
      const shown = await createServerGroup(r.deps, r.ctx, {
        name: g.name,
        policy: (g.policy ?? g.policies[0]) as ServerGroupPolicy,
        rules,
      });
      return { body: { server_group: serverGroupView(shown.group, shown.members, r.version) } };
    },
  },
  {
    method: 'GET',
    path: '/os-server-groups/:id',
    policy: 'os_compute_api:os-server-groups:show',
    summary: 'Show a server group with its members',
    async handler(r) {
      const shown = await showServerGroup(r.deps, r.ctx, r.params.id);
      return { body: { server_group: serverGroupView(shown.group, shown.members, r.version) } };
    },
  },
  {
    method: 'DELETE',
    path: '/os-server-groups/:id',
    policy: 'os_compute_api:os-server-groups:delete',
    status: 204,
    summary: 'Delete a server group',
    async handler(r) {
      await deleteServerGroup(r.deps, r.ctx, r.params.id);
      return {};
    },
  },
];
