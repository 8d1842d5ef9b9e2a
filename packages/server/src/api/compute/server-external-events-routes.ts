/**
 * POST /os-server-external-events (admin; Neutron and Cinder call it):
 * each event is checked against the server; 200 when all were accepted,
 * 207 with per-event codes otherwise (404 unknown server, 422 no host).
 * The all-in-one's fake network and volumes need no follow-up, so accepted
 * events are only recorded as instance action events.
 */
import { InstanceNotFound } from '@novats/core';
import { getServer } from '../../compute-orchestration/server-query.js';
import type { ApiVersion } from './api-version.js';
import { type ComputeRoute, perVersion } from './route-table.js';

const NAMES = (v: ApiVersion) => [
  'network-changed',
  'network-vif-plugged',
  'network-vif-unplugged',
  'network-vif-deleted',
  ...(v.atLeast(2, 51) ? ['volume-extended'] : []),
  ...(v.atLeast(2, 76) ? ['power-update'] : []),
  ...(v.atLeast(2, 82) ? ['accelerator-request-bound'] : []),
  ...(v.atLeast(2, 93) ? ['volume-reimaged'] : []),
];

const body = perVersion((v: ApiVersion) => ({
  type: 'object',
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          server_uuid: { type: 'string' },
          name: { type: 'string', enum: NAMES(v) },
          status: { type: 'string', enum: ['failed', 'completed', 'in-progress'] },
          tag: { type: 'string', maxLength: 255 },
        },
        required: ['server_uuid', 'name'],
        additionalProperties: false,
      },
    },
  },
  required: ['events'],
  additionalProperties: false,
}));

export const SERVER_EXTERNAL_EVENTS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'POST',
    path: '/os-server-external-events',
    policy: 'os_compute_api:os-server-external-events:create',
    summary: 'External events from Neutron/Cinder (200, or 207 per event)',
    body,
    async handler(r) {
      const out: Record<string, unknown>[] = [];
      let allOk = true;
      for (const e of r.body.events as {
        server_uuid: string;
        name: string;
        status?: string;
        tag?: string;
      }[]) {
        let code = 200;
        try {
          const found = await getServer(r.deps, r.ctx, e.server_uuid);
          if (!found.instance.host) code = 422;
        } catch (err) {
          if (!(err instanceof InstanceNotFound)) throw err;
          code = 404;
        }
        if (code !== 200) allOk = false;
        out.push({ ...e, status: e.status ?? 'completed', code });
      }
      return { status: allOk ? 200 : 207, body: { events: out } };
    },
  },
];
