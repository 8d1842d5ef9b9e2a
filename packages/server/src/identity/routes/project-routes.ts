/** /v3/projects (with parents) and /v3/users/{id}/projects. */
import { PROJECT_CREATE_MEMBER, PROJECT_UPDATE_MEMBER } from '@novats/core';
import { IdentityDuplicate, type ProjectRow } from '@novats/drivers';
import type { FastifyInstance } from 'fastify';
import {
  callerOf,
  type IdentityDeps,
  linksOf,
  member,
  newId,
  optionalBool,
  query,
  queryBool,
  requireString,
  selfUrl,
  splitExtra,
} from '../identity-deps.js';
import { badRequest, conflict, KeystoneError, notFound } from '../identity-errors.js';
import { listBody, projectView } from '../identity-views.js';

const KNOWN = ['name', 'domain_id', 'parent_id', 'description', 'enabled', 'tags', 'is_domain', 'options'];

export function projectRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store, resolver } = deps;
  const load = async (id: string) => {
    const p = await store.projects.get({ id });
    if (!p) throw notFound('project', id);
    return p;
  };
  const filtered = (rows: ProjectRow[], q: Record<string, string | undefined>) => {
    const enabled = queryBool(q.enabled);
    return rows.filter(
      (p) =>
        (q.name === undefined || p.name === q.name) &&
        (q.domain_id === undefined || p.domain_id === q.domain_id) &&
        (q.parent_id === undefined || (p.parent_id ?? p.domain_id) === q.parent_id) &&
        (enabled === undefined || p.enabled === enabled),
    );
  };

  app.get('/v3/projects', async (req) => {
    const caller = callerOf(req);
    const q = query(req);
    // NOTE(keystone): a project member may not list, not even by name: openstackclient then takes the
    // value it looked up as an id (its `find_project` falls back on 403).
    deps.policy.authorize('identity:list_projects', caller);
    let rows = filtered(await store.projects.list(), q);
    if (caller.domain && !deps.policy.isAdmin(caller))
      rows = rows.filter((p) => p.domain_id === caller.domain?.id);
    const l = linksOf(req);
    return listBody(
      'projects',
      rows.map((p) => projectView(p, l)),
      selfUrl(req),
    );
  });

  app.post('/v3/projects', async (req, reply) => {
    deps.policy.authorize('identity:create_project', callerOf(req));
    const body = member(req, 'project', PROJECT_CREATE_MEMBER);
    const name = requireString(body, 'name', 'project');
    if (body.is_domain === true)
      throw new KeystoneError(400, 'Projects acting as domains are not supported.');
    let domainId = typeof body.domain_id === 'string' ? body.domain_id : null;
    let parentId = typeof body.parent_id === 'string' ? body.parent_id : null;
    if (parentId) {
      const parent = await store.projects.get({ id: parentId });
      if (!parent) {
        const asDomain = await store.domains.get({ id: parentId });
        if (!asDomain) throw notFound('project', parentId);
        domainId ??= asDomain.id;
        parentId = null;
      } else {
        if (domainId && domainId !== parent.domain_id) {
          throw badRequest('Cannot create project, the parent project is in a different domain.');
        }
        domainId = parent.domain_id;
      }
    }
    domainId ??= callerOf(req).project?.domain_id ?? 'default';
    if (!(await store.domains.get({ id: domainId }))) throw notFound('domain', domainId);
    const row: ProjectRow = {
      id: newId(),
      name,
      domain_id: domainId,
      parent_id: parentId,
      description: typeof body.description === 'string' ? body.description : null,
      enabled: optionalBool(body, 'enabled') ?? true,
      tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
      extra: splitExtra(body, KNOWN).extra,
    };
    try {
      await store.projects.insert(row);
    } catch (err) {
      if (err instanceof IdentityDuplicate) {
        throw conflict(
          'project',
          `it is not permitted to have two projects with either the same name or same id in the same domain: name is ${name}, project id ${row.id}`,
        );
      }
      throw err;
    }
    reply.code(201);
    return { project: projectView(row, linksOf(req)) };
  });

  app.get('/v3/projects/:id', async (req) => {
    const { id } = req.params as { id: string };
    const project = await load(id);
    deps.policy.authorize('identity:get_project', callerOf(req), {
      project_id: id,
      project_domain_id: project.domain_id,
    });
    return { project: projectView(project, linksOf(req)) };
  });

  app.patch('/v3/projects/:id', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:update_project', callerOf(req));
    const current = await load(id);
    const body = member(req, 'project', PROJECT_UPDATE_MEMBER);
    const patch: Partial<ProjectRow> = {};
    if (typeof body.name === 'string') Object.assign(patch, { name: body.name });
    if (typeof body.description === 'string') Object.assign(patch, { description: body.description });
    const enabled = optionalBool(body, 'enabled');
    if (enabled !== undefined) Object.assign(patch, { enabled });
    if (Array.isArray(body.tags)) Object.assign(patch, { tags: body.tags.map(String) });
    const extra = splitExtra(body, KNOWN).extra;
    if (Object.keys(extra).length > 0)
      Object.assign(patch, { extra: { ...(current.extra ?? {}), ...extra } });
    try {
      await store.projects.update({ id }, patch);
    } catch (err) {
      if (err instanceof IdentityDuplicate)
        throw conflict('project', `Duplicate entry found with name ${body.name}`);
      throw err;
    }
    return { project: projectView({ ...current, ...patch }, linksOf(req)) };
  });

  app.delete('/v3/projects/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:delete_project', callerOf(req));
    await load(id);
    if ((await store.projects.list({ parent_id: id })).length > 0) {
      throw new KeystoneError(
        403,
        `Cannot delete the project ${id} since it is not a leaf in the hierarchy.`,
      );
    }
    await store.transaction(async (tx) => {
      await tx.assignments.delete({ target_id: id });
      await tx.projects.delete({ id });
    });
    reply.code(204).send();
  });

  app.get('/v3/users/:id/projects', async (req) => {
    const { id } = req.params as { id: string };
    deps.policy.authorize('identity:list_user_projects', callerOf(req), { user_id: id });
    if (!(await store.users.get({ id }))) throw notFound('user', id);
    const l = linksOf(req);
    const out = [];
    for (const p of filtered(await store.projects.list(), query(req))) {
      if ((await resolver.roleIds(id, { project: p.id })).length > 0) out.push(projectView(p, l));
    }
    return listBody('projects', out, selfUrl(req));
  });
}
