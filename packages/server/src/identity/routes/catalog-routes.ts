/**
 * The catalog's resources: /v3/services, /v3/endpoints (POST accepts the
 * legacy `region` and creates that region when missing, as Keystone does for
 * v2-style clients) and /v3/regions. Filters: services by name and type,
 * endpoints by service_id, interface and region_id.
 */
import {
  ENDPOINT_CREATE_MEMBER,
  ENDPOINT_UPDATE_MEMBER,
  REGION_CREATE_MEMBER,
  REGION_UPDATE_MEMBER,
  SERVICE_CREATE_MEMBER,
  SERVICE_UPDATE_MEMBER,
} from '@novats/core';
import { type EndpointRow, IdentityDuplicate, type RegionRow, type ServiceRow } from '@novats/drivers';
import type { FastifyInstance } from 'fastify';
import {
  callerOf,
  type IdentityDeps,
  linksOf,
  member,
  newId,
  optionalBool,
  query,
  requireString,
  selfUrl,
  splitExtra,
} from '../identity-deps.js';
import { badRequest, conflict, KeystoneError, notFound } from '../identity-errors.js';
import { endpointView, listBody, regionView, serviceView } from '../identity-views.js';

const INTERFACES = ['public', 'internal', 'admin'];

export function catalogRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store } = deps;
  const loadService = async (id: string) => {
    const s = await store.services.get({ id });
    if (!s) throw notFound('service', id);
    return s;
  };
  const loadEndpoint = async (id: string) => {
    const e = await store.endpoints.get({ id });
    if (!e) throw notFound('endpoint', id);
    return e;
  };
  const loadRegion = async (id: string) => {
    const r = await store.regions.get({ id });
    if (!r) throw notFound('region', id);
    return r;
  };

  app.get('/v3/services', async (req) => {
    deps.policy.authorize('identity:list_services', callerOf(req));
    const q = query(req);
    const rows = (await store.services.list()).filter(
      (s) =>
        (q.type === undefined || s.type === q.type) && (q.name === undefined || s.extra?.name === q.name),
    );
    const l = linksOf(req);
    return listBody(
      'services',
      rows.map((s) => serviceView(s, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/services', async (req, reply) => {
    deps.policy.authorize('identity:create_service', callerOf(req));
    const body = member(req, 'service', SERVICE_CREATE_MEMBER);
    const row: ServiceRow = {
      id: newId(),
      type: requireString(body, 'type', 'service'),
      enabled: optionalBool(body, 'enabled') ?? true,
      extra: splitExtra(body, ['type', 'enabled']).extra,
    };
    await store.services.insert(row);
    reply.code(201);
    return { service: serviceView(row, linksOf(req)) };
  });

  app.get('/v3/services/:id', async (req) => {
    deps.policy.authorize('identity:get_service', callerOf(req));
    return { service: serviceView(await loadService((req.params as { id: string }).id), linksOf(req)) };
  });

  app.patch('/v3/services/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_service', callerOf(req));
    const current = await loadService(id);
    const body = member(req, 'service', SERVICE_UPDATE_MEMBER);
    const patch: Partial<ServiceRow> = {};
    if (typeof body.type === 'string') Object.assign(patch, { type: body.type });
    const enabled = optionalBool(body, 'enabled');
    if (enabled !== undefined) Object.assign(patch, { enabled });
    const extra = splitExtra(body, ['type', 'enabled']).extra;
    if (Object.keys(extra).length > 0)
      Object.assign(patch, { extra: { ...(current.extra ?? {}), ...extra } });
    await store.services.update({ id }, patch);
    return { service: serviceView({ ...current, ...patch }, linksOf(req)) };
  });

  app.delete('/v3/services/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_service', callerOf(req));
    await loadService(id);
    await store.transaction(async (tx) => {
      await tx.endpoints.delete({ service_id: id });
      await tx.services.delete({ id });
    });
    reply.code(204).send();
  });

  app.get('/v3/endpoints', async (req) => {
    deps.policy.authorize('identity:list_endpoints', callerOf(req));
    const q = query(req);
    const rows = (await store.endpoints.list()).filter(
      (e) =>
        (q.service_id === undefined || e.service_id === q.service_id) &&
        (q.interface === undefined || e.interface === q.interface) &&
        (q.region_id === undefined || e.region_id === q.region_id),
    );
    const l = linksOf(req);
    return listBody(
      'endpoints',
      rows.map((e) => endpointView(e, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/endpoints', async (req, reply) => {
    deps.policy.authorize('identity:create_endpoint', callerOf(req));
    const body = member(req, 'endpoint', ENDPOINT_CREATE_MEMBER);
    const iface = requireString(body, 'interface', 'endpoint');
    if (!INTERFACES.includes(iface)) {
      throw badRequest(
        `Invalid input for field 'interface': '${iface}' does not match '^(?:admin|internal|public)$'`,
      );
    }
    const url = requireString(body, 'url', 'endpoint');
    const serviceId = requireString(body, 'service_id', 'endpoint');
    await loadService(serviceId);
    let regionId = typeof body.region_id === 'string' ? body.region_id : null;
    if (regionId !== null && !(await store.regions.get({ id: regionId }))) {
      throw badRequest(`Region ${regionId} not found`);
    }
    if (regionId === null && typeof body.region === 'string') {
      regionId = body.region;
      if (!(await store.regions.get({ id: regionId }))) {
        await store.regions.insert({ id: regionId, description: '', parent_region_id: null, extra: {} });
      }
    }
    const row: EndpointRow = {
      id: newId(),
      service_id: serviceId,
      interface: iface,
      region_id: regionId,
      url,
      enabled: optionalBool(body, 'enabled') ?? true,
      extra: splitExtra(body, ['interface', 'url', 'service_id', 'region_id', 'region', 'enabled']).extra,
    };
    await store.endpoints.insert(row);
    reply.code(201);
    return { endpoint: endpointView(row, linksOf(req)) };
  });

  app.get('/v3/endpoints/:id', async (req) => {
    deps.policy.authorize('identity:get_endpoint', callerOf(req));
    return { endpoint: endpointView(await loadEndpoint((req.params as { id: string }).id), linksOf(req)) };
  });

  app.patch('/v3/endpoints/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_endpoint', callerOf(req));
    const current = await loadEndpoint(id);
    const body = member(req, 'endpoint', ENDPOINT_UPDATE_MEMBER);
    const patch: Partial<EndpointRow> = {};
    if (typeof body.interface === 'string') {
      if (!INTERFACES.includes(body.interface)) throw badRequest(`Invalid input for field 'interface'`);
      Object.assign(patch, { interface: body.interface });
    }
    if (typeof body.url === 'string') Object.assign(patch, { url: body.url });
    if (typeof body.service_id === 'string')
      Object.assign(patch, { service_id: (await loadService(body.service_id)).id });
    if (typeof body.region_id === 'string')
      Object.assign(patch, { region_id: (await loadRegion(body.region_id)).id });
    const enabled = optionalBool(body, 'enabled');
    if (enabled !== undefined) Object.assign(patch, { enabled });
    await store.endpoints.update({ id }, patch);
    return { endpoint: endpointView({ ...current, ...patch }, linksOf(req)) };
  });

  app.delete('/v3/endpoints/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_endpoint', callerOf(req));
    await loadEndpoint(id);
    await store.endpoints.delete({ id });
    reply.code(204).send();
  });

  app.get('/v3/regions', async (req) => {
    deps.policy.authorize('identity:list_regions', callerOf(req));
    const q = query(req);
    const rows = (await store.regions.list()).filter(
      (r) => q.parent_region_id === undefined || r.parent_region_id === q.parent_region_id,
    );
    const l = linksOf(req);
    return listBody(
      'regions',
      rows.map((r) => regionView(r, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/regions', async (req, reply) => {
    deps.policy.authorize('identity:create_region', callerOf(req));
    const body = member(req, 'region', REGION_CREATE_MEMBER);
    const parent = typeof body.parent_region_id === 'string' ? body.parent_region_id : null;
    if (parent !== null && !(await store.regions.get({ id: parent }))) throw notFound('region', parent);
    const row: RegionRow = {
      id: typeof body.id === 'string' && body.id !== '' ? body.id : newId(),
      description: typeof body.description === 'string' ? body.description : '',
      parent_region_id: parent,
      extra: splitExtra(body, ['id', 'description', 'parent_region_id']).extra,
    };
    try {
      await store.regions.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate) throw conflict('region', `Duplicate ID, ${row.id}`);
      throw err;
    }
    reply.code(201);
    return { region: regionView(row, linksOf(req)) };
  });

  app.get('/v3/regions/:id', async (req) => {
    deps.policy.authorize('identity:get_region', callerOf(req));
    return { region: regionView(await loadRegion((req.params as { id: string }).id), linksOf(req)) };
  });

  app.patch('/v3/regions/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_region', callerOf(req));
    const current = await loadRegion(id);
    const body = member(req, 'region', REGION_UPDATE_MEMBER);
    const patch: Partial<RegionRow> = {};
    if (typeof body.description === 'string') Object.assign(patch, { description: body.description });
    if (body.parent_region_id !== undefined)
      Object.assign(patch, { parent_region_id: body.parent_region_id });
    await store.regions.update({ id }, patch);
    return { region: regionView({ ...current, ...patch }, linksOf(req)) };
  });

  app.delete('/v3/regions/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_region', callerOf(req));
    await loadRegion(id);
    if ((await store.regions.list({ parent_region_id: id })).length > 0) {
      throw new KeystoneError(
        403,
        'Unable to delete region because it or its child regions have associated endpoints.',
      );
    }
    if ((await store.endpoints.list({ region_id: id })).length > 0) {
      throw new KeystoneError(
        403,
        'Unable to delete region because it or its child regions have associated endpoints.',
      );
    }
    await store.regions.delete({ id });
    reply.code(204).send();
  });
}
