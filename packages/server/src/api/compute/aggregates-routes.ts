/**
 * /os-aggregates (admin only, Nova's os-aggregates policies): list, create,
 * show, update, delete, and the add_host / remove_host / set_metadata
 * actions. Every action answers 200 with the aggregate, as Nova does for
 * backwards compatibility; rules live in compute-api/aggregate-api.ts.
 */
import { InvalidInput, NotFound } from '@novats/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AggregateApi } from '../../compute-api/aggregate-api.js';
import type { ComputeApiDeps } from '../../compute-api/compute-api-deps.js';
import { compileValidator } from '../../http/validation.js';
import { requireAdmin } from './policy.js';
import { stateOf } from './request-state.js';
import {
  addHostSchema,
  aggregateCreateSchema,
  aggregateUpdateSchema,
  removeHostSchema,
  setMetadataSchema,
} from './schemas/aggregates.js';
import { aggregateView } from './views/aggregate-view.js';

interface ZoneFields {
  name?: string;
  availability_zone?: string | null;
}

const validateCreate = compileValidator<{ aggregate: ZoneFields & { name: string } }>(aggregateCreateSchema);
const validateUpdate = compileValidator<{ aggregate: ZoneFields }>(aggregateUpdateSchema);
const validateAddHost = compileValidator<{ add_host: { host: string } }>(addHostSchema);
const validateRemoveHost = compileValidator<{ remove_host: { host: string } }>(removeHostSchema);
const validateSetMetadata = compileValidator<{ set_metadata: { metadata: Record<string, string | null> } }>(
  setMetadataSchema,
);

/** Aggregate ids are integers; anything else names no aggregate. */
function aggregateId(req: FastifyRequest): number {
  const raw = (req.params as { id: string }).id;
  if (!/^\d+$/.test(raw)) throw new NotFound(`Aggregate ${raw} could not be found.`);
  return Number(raw);
}

function authorize(req: FastifyRequest, action: string): void {
  requireAdmin(stateOf(req).ctx, `os_compute_api:os-aggregates:${action}`);
}

export function aggregatesRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  const api = new AggregateApi(deps);

  app.get('/os-aggregates', async (req) => {
    authorize(req, 'index');
    const v = stateOf(req).version;
    return { aggregates: (await api.list()).map((a) => aggregateView(a, v)) };
  });

  app.post('/os-aggregates', async (req) => {
    authorize(req, 'create');
    const body = validateCreate(req.body).aggregate;
    const aggregate = await api.create(body.name, body.availability_zone ?? null);
    return { aggregate: aggregateView(aggregate, stateOf(req).version, { withMembers: false }) };
  });

  app.get('/os-aggregates/:id', async (req) => {
    authorize(req, 'show');
    return { aggregate: aggregateView(await api.get(aggregateId(req)), stateOf(req).version) };
  });

  app.put('/os-aggregates/:id', async (req) => {
    authorize(req, 'update');
    const id = aggregateId(req);
    const patch = validateUpdate(req.body).aggregate;
    return { aggregate: aggregateView(await api.update(id, patch), stateOf(req).version) };
  });

  app.delete('/os-aggregates/:id', async (req, reply) => {
    authorize(req, 'delete');
    await api.delete(aggregateId(req));
    return reply.code(200).send();
  });

  app.post('/os-aggregates/:id/action', async (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const action = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
    const { ctx, version } = stateOf(req);
    const id = aggregateId(req);
    switch (action) {
      case 'add_host': {
        authorize(req, 'add_host');
        const { host } = validateAddHost(body).add_host;
        return { aggregate: aggregateView(await api.addHost(ctx, id, host), version) };
      }
      case 'remove_host': {
        authorize(req, 'remove_host');
        const { host } = validateRemoveHost(body).remove_host;
        return { aggregate: aggregateView(await api.removeHost(ctx, id, host), version) };
      }
      case 'set_metadata': {
        authorize(req, 'set_metadata');
        const { metadata } = validateSetMetadata(body).set_metadata;
        return { aggregate: aggregateView(await api.setMetadata(id, metadata), version) };
      }
      default:
        throw new InvalidInput(`There is no such action: ${action ?? ''}`);
    }
  });
}
