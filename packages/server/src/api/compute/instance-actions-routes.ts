/**
 * GET /servers/{id}/os-instance-actions and /{request_id} (Nova's
 * os-instance-actions): every action recorded for a server, newest first,
 * and one action with its events. Deleted servers too from 2.21; events
 * for non-admins from 2.51 (without traceback); host/hostId 2.62; details
 * 2.84; limit/marker/changes-since 2.58.
 */
import type { Instance, RequestContext } from '@novats/core';
import { InstanceActionNotFound, InstanceNotFound } from '@novats/core';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { changesWindow, inWindow } from './changes-window.js';
import { nextLink } from './links.js';
import { lastValue, parseLimit } from './pagination.js';
import { isAllowed } from './policy.js';
import type { ComputeRoute, RouteRequest } from './route-table.js';
import { actionEventView, instanceActionView } from './views/instance-action-view.js';
import { hostId } from './views/server-view.js';

async function serverAndCell(deps: ComputeApiDeps, ctx: RequestContext, uuid: string, readDeleted: boolean) {
  const mapping = await deps.api.instanceMappings.get(uuid);
  if (!mapping || mapping.cell_uuid === null || (!ctx.is_admin && mapping.project_id !== ctx.project_id)) {
    throw new InstanceNotFound(uuid);
  }
  const cell = await deps.cells.get(mapping.cell_uuid);
  const instance = await cell.instances.get(uuid, { readDeleted });
  if (!instance) throw new InstanceNotFound(uuid);
  return { cell, instance };
}

async function forServer(r: RouteRequest): Promise<Awaited<ReturnType<typeof serverAndCell>>> {
  return serverAndCell(r.deps, r.ctx, r.params.server_id, r.version.atLeast(2, 21));
}

function events(r: RouteRequest, instance: Instance) {
  const target = { project_id: instance.project_id };
  const traceback = isAllowed(r.deps.policy, r.ctx, 'os_compute_api:os-instance-actions:events', target);
  const details = isAllowed(
    r.deps.policy,
    r.ctx,
    'os_compute_api:os-instance-actions:events:details',
    target,
  );
  return { traceback, details, show: traceback || r.version.atLeast(2, 51) };
}

export const INSTANCE_ACTIONS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/servers/:server_id/os-instance-actions',
    policy: 'os_compute_api:os-instance-actions:list',
    summary: 'Actions recorded for a server (limit/marker/changes-since 2.58)',
    async handler(r) {
      const { cell } = await forServer(r);
      let actions = await cell.instanceActions.list(r.params.server_id);
      const body: Record<string, unknown> = {};
      if (r.version.atLeast(2, 58)) {
        // NOTE(nova): changes-before from 2.66; both ends compare with updated_at.
        const window = changesWindow(r.query, r.version.atLeast(2, 66));
        actions = actions.filter((a) => inWindow(a.updated_at ?? a.start_time, window));
        const marker = lastValue(r.query.marker);
        if (marker) {
          const at = actions.findIndex((a) => a.request_id === marker);
          if (at < 0) throw new InstanceActionNotFound(marker, r.params.server_id);
          actions = actions.slice(at + 1);
        }
        const limit = parseLimit(r.query.limit, r.deps.maxLimit);
        actions = actions.slice(0, limit);
        if (actions.length > 0 && actions.length === limit) {
          const path = `servers/${r.params.server_id}/os-instance-actions`;
          body.links = [nextLink(r.base, path, r.query, actions[actions.length - 1].request_id, limit)];
        }
      }
      return { body: { instanceActions: actions.map((a) => instanceActionView(a, r.version)), ...body } };
    },
  },
  {
    method: 'GET',
    path: '/servers/:server_id/os-instance-actions/:request_id',
    policy: 'os_compute_api:os-instance-actions:show',
    summary: 'One action with its events (for non-admins from 2.51)',
    async handler(r) {
      const { cell, instance } = await forServer(r);
      const action = await cell.instanceActions.get(r.params.server_id, r.params.request_id);
      if (!action) throw new InstanceActionNotFound(r.params.request_id, r.params.server_id);
      const body: Record<string, unknown> = instanceActionView(action, r.version);
      const seen = events(r, instance);
      if (seen.show) {
        const list = await cell.instanceActions.events(r.params.server_id, r.params.request_id);
        body.events = list.map((e) =>
          actionEventView(e, r.version, {
            traceback: seen.traceback,
            details: seen.details,
            hostId: e.host ? hostId({ ...instance, host: e.host }) : '',
          }),
        );
      }
      return { body: { instanceAction: body } };
    },
  },
];
