/**
 * /os-services (admin only, Nova's os-services policies): list every
 * service of every cell, update one and delete one. Before 2.53 updates are
 * the host+binary actions (enable, disable, disable-log-reason, force-down
 * from 2.11); from 2.53 a PUT on the service uuid. Rules live in
 * compute-orchestration/services-api.ts.
 */
import type { RequestContext } from '@novats/core';
import {
  InvalidInput,
  NotFound,
  SERVICE_UPDATE_V2_1,
  SERVICE_UPDATE_V2_11,
  SERVICE_UPDATE_V2_53,
} from '@novats/core';
import { COMPUTE_BINARY, type ServicePatch, ServicesApi } from '../../compute-orchestration/services-api.js';
import { compileValidator } from '../../http/validation.js';
import type { ApiVersion } from './api-version.js';
import type { ComputeRoute } from './route-table.js';
import { serviceView } from './views/service-view.js';

interface LegacyBody {
  host: string;
  binary: string;
  disabled_reason?: string;
  forced_down?: boolean;
}

interface V253Body {
  status?: 'enabled' | 'disabled';
  disabled_reason?: string;
  forced_down?: boolean;
}

const validateLegacy = compileValidator<LegacyBody>(SERVICE_UPDATE_V2_1);
const validateLegacyV211 = compileValidator<LegacyBody>(SERVICE_UPDATE_V2_11);
const validateV253 = compileValidator<V253Body>(SERVICE_UPDATE_V2_53);

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function onlyCompute(binary: string): void {
  if (binary !== COMPUTE_BINARY) {
    throw new InvalidInput(
      `Updating a ${binary} service is not supported. Only nova-compute services can be updated.`,
    );
  }
}

/** Nova's enable / disable / disable-log-reason / force-down actions (before 2.53). */
async function legacyAction(
  api: ServicesApi,
  ctx: RequestContext,
  v: ApiVersion,
  action: string,
  raw: unknown,
): Promise<Record<string, unknown>> {
  const actions = ['enable', 'disable', 'disable-log-reason', ...(v.atLeast(2, 11) ? ['force-down'] : [])];
  if (!actions.includes(action)) throw new NotFound('Unknown action');
  const body = (v.atLeast(2, 11) ? validateLegacyV211 : validateLegacy)(raw);
  let patch: ServicePatch;
  if (action === 'enable') patch = { disabled: false, disabled_reason: null };
  else if (action === 'disable') patch = { disabled: true };
  else if (action === 'disable-log-reason') {
    if (body.disabled_reason === undefined) throw new InvalidInput('Missing disabled reason field');
    patch = { disabled: true, disabled_reason: body.disabled_reason };
  } else {
    if (body.forced_down === undefined) throw new InvalidInput('Missing forced_down field');
    patch = { forced_down: body.forced_down };
  }
  onlyCompute(body.binary);
  const located = await api.byHostAndBinary(body.host, body.binary);
  const { service } = await api.update(ctx, located, patch);
  const out: Record<string, unknown> = { host: service.host, binary: service.binary };
  if (action === 'force-down') out.forced_down = service.forced_down;
  else out.status = service.disabled ? 'disabled' : 'enabled';
  if (action === 'disable-log-reason') out.disabled_reason = service.disabled_reason;
  return { service: out };
}

/** Nova's `_update_v253`: status, disabled_reason and forced_down of one service by uuid. */
function v253Patch(body: V253Body): ServicePatch {
  const patch: { -readonly [K in keyof ServicePatch]: ServicePatch[K] } = {};
  if (body.status === 'disabled') {
    patch.disabled = true;
    patch.disabled_reason = body.disabled_reason ?? null;
  } else if (body.disabled_reason !== undefined) {
    throw new InvalidInput("Specifying 'disabled_reason' with status 'enabled' is invalid.");
  } else if (body.status === 'enabled') {
    patch.disabled = false;
    patch.disabled_reason = null;
  }
  if (body.forced_down !== undefined) patch.forced_down = body.forced_down;
  return patch;
}

export const SERVICES_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-services',
    policy: 'os_compute_api:os-services:list',
    summary: 'List services of every cell (filters host, binary)',
    async handler(r) {
      const q = r.query;
      const filter = {
        ...(typeof q.host === 'string' ? { host: q.host } : {}),
        ...(typeof q.binary === 'string' ? { binary: q.binary } : {}),
      };
      const { services, downComputeHosts } = await new ServicesApi(r.deps).listAcrossCells(filter);
      const shown = services.map((l) => serviceView(l, r.version));
      // NOTE(nova): from 2.69 the compute hosts of a down cell show as binary, host and status UNKNOWN.
      if (r.version.atLeast(2, 69))
        for (const host of downComputeHosts) shown.push({ binary: COMPUTE_BINARY, host, status: 'UNKNOWN' });
      return { body: { services: shown } };
    },
  },
  {
    method: 'PUT',
    path: '/os-services/:id',
    policy: 'os_compute_api:os-services:update',
    summary: 'Before 2.53: enable/disable/disable-log-reason/force-down by host+binary; from 2.53: by uuid',
    async handler(r) {
      const api = new ServicesApi(r.deps);
      const id = r.params.id;
      if (!r.version.atLeast(2, 53)) return { body: await legacyAction(api, r.ctx, r.version, id, r.body) };
      if (!UUID_RE.test(id)) throw new InvalidInput(`Invalid uuid ${id}`);
      const patch = v253Patch(validateV253(r.body));
      const located = await api.byId(id);
      onlyCompute(located.service.binary);
      return { body: { service: serviceView(await api.update(r.ctx, located, patch), r.version) } };
    },
  },
  {
    method: 'DELETE',
    path: '/os-services/:id',
    policy: 'os_compute_api:os-services:delete',
    status: 204,
    summary: 'Delete a service (id before 2.53, uuid from 2.53)',
    async handler(r) {
      const api = new ServicesApi(r.deps);
      const id = r.params.id;
      let located: Awaited<ReturnType<ServicesApi['byId']>>;
      if (r.version.atLeast(2, 53)) {
        if (!UUID_RE.test(id)) throw new InvalidInput(`Invalid uuid ${id}`);
        located = await api.byId(id);
      } else {
        if (!/^\d+$/.test(id)) throw new InvalidInput(`Invalid ID ${id}`);
        located = await api.byId(Number(id));
      }
      await api.delete(r.ctx, located);
      return {};
    },
  },
];
