/** POST/GET /servers, GET /servers/detail, GET/DELETE /servers/{id}. */

import type { VmState } from '@novats/core';
import { Forbidden, InvalidInput, statusToStates } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../../compute-api/compute-api-deps.js';
import { type CreateServerRequest, createServers } from '../../compute-api/server-create.js';
import { deleteServer } from '../../compute-api/server-delete.js';
import { getServer, listServers } from '../../compute-api/server-query.js';
import { compileValidator, type Validator } from '../../http/validation.js';
import type { ApiVersion } from './api-version.js';
import { nextLink, resourceLinks } from './links.js';
import { lastValue, parseBool, parseLimit } from './pagination.js';
import { stateOf, viewContext } from './request-state.js';
import { serverCreateSchema } from './schemas/server-create.js';
import { serverDetail, serverSummary } from './views/server-view.js';

type Query = Record<string, string | string[] | undefined>;
type CreateBody = {
  server: Record<string, any>;
  'os:scheduler_hints'?: Record<string, string | string[]>;
  'OS-SCH-HNT:scheduler_hints'?: Record<string, string | string[]>;
};

const validators = new Map<string, Validator<CreateBody>>();
function createValidator(v: ApiVersion): Validator<CreateBody> {
  const key = `${v.atLeast(2, 37)}${v.atLeast(2, 19)}${v.atLeast(2, 90)}`;
  let fn = validators.get(key);
  if (!fn) {
    fn = compileValidator<CreateBody>(
      serverCreateSchema({
        networksRequired: v.atLeast(2, 37),
        descriptionAllowed: v.atLeast(2, 19),
        hostnameAllowed: v.atLeast(2, 90),
      }),
    );
    validators.set(key, fn);
  }
  return fn;
}

function toCreateRequest(body: CreateBody): CreateServerRequest {
  const s = body.server;
  const minCount = Number(s.min_count ?? 1);
  const maxCount = Number(s.max_count ?? minCount);
  if (!s.imageRef) throw new InvalidInput('Missing imageRef attribute');
  if (s.name.trim() === '') throw new InvalidInput('Invalid input for field/attribute name.');
  return {
    name: s.name,
    imageRef: String(s.imageRef),
    flavorRef: String(s.flavorRef),
    adminPass: s.adminPass,
    metadata: s.metadata,
    availability_zone: s.availability_zone,
    key_name: s.key_name,
    min_count: minCount,
    max_count: maxCount,
    user_data: s.user_data,
    description: s.description,
    accessIPv4: s.accessIPv4,
    accessIPv6: s.accessIPv6,
    config_drive: s.config_drive === true || s.config_drive === 'true' || s.config_drive === 'True',
    hostname: s.hostname,
    scheduler_hints: body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints'],
  };
}

function listFilters(q: Query, isAdmin: boolean, projectId: string | null, v: ApiVersion) {
  // NOTE(nova): a bare `all_tenants` means true; asking for it needs the get_all_tenants policy (admin).
  const raw = lastValue(q.all_tenants);
  const allTenants = raw !== undefined && (raw === '' || parseBool(raw) === true);
  if (allTenants && !isAdmin) {
    throw new Forbidden("Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.");
  }
  let vmStates: VmState[] | undefined;
  const statuses = q.status === undefined ? [] : [q.status].flat();
  if (statuses.length > 0) {
    const states = new Set<VmState>();
    for (const st of statuses) {
      const mapped = statusToStates(String(st));
      // NOTE(nova): an unknown status is an error from 2.38; before, it matches nothing.
      if (!mapped && v.atLeast(2, 38)) throw new InvalidInput('Invalid status value');
      if (!mapped) return null;
      for (const v of mapped.vm_states) states.add(v);
    }
    vmStates = [...states];
  }
  const tenant = lastValue(q.project_id) ?? lastValue(q.tenant_id);
  return {
    project_id: allTenants ? (tenant ?? null) : projectId,
    name: lastValue(q.name),
    vm_states: vmStates,
    host: isAdmin ? lastValue(q.host) : undefined,
    changes_since: lastValue(q['changes-since']),
    deleted: isAdmin ? parseBool(q.deleted) : undefined,
    marker: lastValue(q.marker),
  };
}

export function serversRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.post('/servers', async (req, reply) => {
    const s = stateOf(req);
    const body = createValidator(s.version)(req.body);
    const created = await createServers(deps, s.ctx, toCreateRequest(body));
    const rid = body.server.return_reservation_id;
    if (rid === true || rid === 'true' || rid === 'True') {
      return reply.code(202).send({ reservation_id: created.reservation_id });
    }
    const first = created.instances[0];
    const links = resourceLinks(s.base, 'servers', first.uuid);
    reply.header('Location', links[0].href);
    return reply.code(202).send({
      server: {
        id: first.uuid,
        links,
        'OS-DCF:diskConfig': 'MANUAL',
        security_groups: [{ name: 'default' }],
        adminPass: created.adminPass,
      },
    });
  });

  const list = async (q: Query, detail: boolean, req: Parameters<typeof stateOf>[0]) => {
    const s = stateOf(req);
    const limit = parseLimit(q.limit, deps.maxLimit);
    const filters = listFilters(q, s.ctx.is_admin, s.ctx.project_id, s.version);
    if (!filters) return { servers: [] };
    const found = await listServers(deps, s.ctx, {
      ...filters,
      limit,
    });
    const view = viewContext(req);
    const servers = found.map((f) =>
      detail ? serverDetail(f.instance, f.fault, view) : serverSummary(f.instance, view),
    );
    const body: Record<string, unknown> = { servers };
    if (found.length > 0 && found.length === limit) {
      body.servers_links = [
        nextLink(
          s.base,
          detail ? 'servers/detail' : 'servers',
          q,
          found[found.length - 1].instance.uuid,
          limit,
        ),
      ];
    }
    return body;
  };

  app.get('/servers', async (req) => list(req.query as Query, false, req));
  app.get('/servers/detail', async (req) => list(req.query as Query, true, req));

  app.get('/servers/:server_id', async (req) => {
    const s = stateOf(req);
    const found = await getServer(deps, s.ctx, (req.params as { server_id: string }).server_id);
    return { server: serverDetail(found.instance, found.fault, viewContext(req)) };
  });

  app.delete('/servers/:server_id', async (req, reply) => {
    const s = stateOf(req);
    await deleteServer(deps, s.ctx, (req.params as { server_id: string }).server_id);
    return reply.code(204).send();
  });
}
