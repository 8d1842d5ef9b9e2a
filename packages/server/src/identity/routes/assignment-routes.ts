/**
 * Role grants (`PUT /v3/projects/{p}/users/{u}/roles/{r}` and the group,
 * domain and system forms) and GET /v3/role_assignments with its filters,
 * `effective` (groups expanded to their users, implied roles added) and
 * `include_names`.
 */
import type { AssignmentRow, AssignmentType } from '@novats/drivers';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { baseUrl, callerOf, type IdentityDeps, query, queryBool, selfUrl } from '../identity-deps.js';
import { KeystoneError, notFound } from '../identity-errors.js';

type TargetKind = 'projects' | 'domains' | 'system';
type ActorKind = 'users' | 'groups';

const TYPE: Record<TargetKind, Record<ActorKind, AssignmentType>> = {
  projects: { users: 'UserProject', groups: 'GroupProject' },
  domains: { users: 'UserDomain', groups: 'GroupDomain' },
  system: { users: 'UserSystem', groups: 'GroupSystem' },
};

export function assignmentRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store, tokens } = deps;

  const resolve = async (
    target: TargetKind,
    targetId: string,
    actor: ActorKind,
    actorId: string,
    roleId?: string,
  ) => {
    if (target === 'projects' && !(await store.projects.get({ id: targetId })))
      throw notFound('project', targetId);
    if (target === 'domains' && !(await store.domains.get({ id: targetId })))
      throw notFound('domain', targetId);
    if (actor === 'users' && !(await store.users.get({ id: actorId }))) throw notFound('user', actorId);
    if (actor === 'groups' && !(await store.groups.get({ id: actorId }))) throw notFound('group', actorId);
    if (roleId !== undefined && !(await store.roles.get({ id: roleId }))) throw notFound('role', roleId);
    return {
      type: TYPE[target][actor],
      actor_id: actorId,
      target_id: target === 'system' ? 'system' : targetId,
    };
  };

  for (const target of ['projects', 'domains', 'system'] as const) {
    for (const actor of ['users', 'groups'] as const) {
      const base =
        target === 'system'
          ? `/v3/system/${actor}/:actor/roles`
          : `/v3/${target}/:target/${actor}/:actor/roles`;
      const params = (req: FastifyRequest) => {
        const p = req.params as { target?: string; actor: string; role?: string };
        return { targetId: p.target ?? 'system', actorId: p.actor, roleId: p.role };
      };

      app.put(`${base}/:role`, async (req, reply) => {
        deps.policy.authorize('identity:create_grant', callerOf(req));
        const { targetId, actorId, roleId } = params(req);
        const key = await resolve(target, targetId, actor, actorId, roleId);
        const row: AssignmentRow = { ...key, role_id: roleId!, inherited: false };
        if (!(await store.assignments.get(row))) await store.assignments.insert(row);
        reply.code(204).send();
      });

      app.route({
        method: ['GET', 'HEAD'],
        url: `${base}/:role`,
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          deps.policy.authorize('identity:check_grant', callerOf(req));
          const { targetId, actorId, roleId } = params(req);
          const key = await resolve(target, targetId, actor, actorId, roleId);
          if (!(await store.assignments.get({ ...key, role_id: roleId!, inherited: false }))) {
            throw roleAssignmentNotFound(roleId!, actorId, targetId);
          }
          reply.code(204).send();
        },
      });

      app.delete(`${base}/:role`, async (req, reply) => {
        deps.policy.authorize('identity:revoke_grant', callerOf(req));
        const { targetId, actorId, roleId } = params(req);
        const key = await resolve(target, targetId, actor, actorId, roleId);
        if ((await store.assignments.delete({ ...key, role_id: roleId!, inherited: false })) === 0) {
          throw roleAssignmentNotFound(roleId!, actorId, targetId);
        }
        // NOTE(keystone): tokens issued with the removed role are revoked.
        const users =
          actor === 'users'
            ? [actorId]
            : (await store.groupMembers.list({ group_id: actorId })).map((m) => m.user_id);
        for (const u of users) await tokens.revokeUser(u);
        reply.code(204).send();
      });

      app.get(base, async (req) => {
        deps.policy.authorize('identity:list_grants', callerOf(req));
        const { targetId, actorId } = params(req);
        const key = await resolve(target, targetId, actor, actorId);
        const ids = (await store.assignments.list({ ...key, inherited: false })).map((a) => a.role_id);
        const roles = ids.length ? await store.roles.list({}, (q) => q.whereIn('id', ids)) : [];
        const self = (id: string) => ({ self: `${baseUrl(req)}/v3/roles/${id}` });
        return {
          roles: roles.map((r) => ({
            id: r.id,
            name: r.name,
            domain_id: r.domain_id === '<<null>>' ? null : r.domain_id,
            description: r.description,
            options: {},
            links: self(r.id),
          })),
          links: { self: selfUrl(req), previous: null, next: null },
        };
      });
    }
  }

  app.get('/v3/role_assignments', async (req) => {
    deps.policy.authorize('identity:list_role_assignments', callerOf(req));
    const q = query(req);
    const effective = queryBool(q.effective) === true;
    const names = queryBool(q.include_names) === true;
    let rows = await store.assignments.list();
    const memberships = await store.groupMembers.list();
    type Item = { row: AssignmentRow; viaGroup?: string; priorRole?: string };
    let items: Item[] = rows.map((row) => ({ row }));
    if (effective) {
      items = items.flatMap((i) =>
        i.row.type.startsWith('Group')
          ? memberships
              .filter((m) => m.group_id === i.row.actor_id)
              .map((m) => ({
                row: {
                  ...i.row,
                  type: i.row.type.replace('Group', 'User') as AssignmentType,
                  actor_id: m.user_id,
                },
                viaGroup: i.row.actor_id,
              }))
          : [i],
      );
      const rules = await store.impliedRoles.list();
      for (let k = 0; k < items.length; k++) {
        for (const r of rules.filter((x) => x.prior_role_id === items[k].row.role_id)) {
          items.push({
            row: { ...items[k].row, role_id: r.implied_role_id },
            viaGroup: items[k].viaGroup,
            priorRole: items[k].row.role_id,
          });
        }
      }
    }
    const userId = q['user.id'];
    const groupId = q['group.id'];
    const roleId = q['role.id'];
    const projectId = q['scope.project.id'];
    const domainId = q['scope.domain.id'];
    const system = q['scope.system'];
    items = items.filter(({ row }) => {
      if (userId !== undefined && !(row.type.startsWith('User') && row.actor_id === userId)) return false;
      if (groupId !== undefined && !(row.type.startsWith('Group') && row.actor_id === groupId)) return false;
      if (roleId !== undefined && row.role_id !== roleId) return false;
      if (projectId !== undefined && !(row.type.endsWith('Project') && row.target_id === projectId))
        return false;
      if (domainId !== undefined && !(row.type.endsWith('Domain') && row.target_id === domainId))
        return false;
      if (system !== undefined && !row.type.endsWith('System')) return false;
      return true;
    });
    rows = items.map((i) => i.row);
    const lookups = names ? await nameLookups(deps) : undefined;
    const base = `${baseUrl(req)}/v3`;
    return {
      role_assignments: items.map(({ row, viaGroup, priorRole }) => {
        const actorKey = row.type.startsWith('User') ? 'user' : 'group';
        const scope = row.type.endsWith('Project')
          ? { project: { id: row.target_id, ...lookups?.project(row.target_id) } }
          : row.type.endsWith('Domain')
            ? { domain: { id: row.target_id, ...lookups?.domain(row.target_id) } }
            : { system: { all: true } };
        const targetPath = row.type.endsWith('System')
          ? 'system'
          : `${row.type.endsWith('Project') ? 'projects' : 'domains'}/${row.target_id}`;
        const links: Record<string, string> = {
          assignment: `${base}/${targetPath}/${viaGroup ? 'groups' : `${actorKey}s`}/${viaGroup ?? row.actor_id}/roles/${priorRole ?? row.role_id}`,
        };
        if (viaGroup) links.membership = `${base}/groups/${viaGroup}/users/${row.actor_id}`;
        if (priorRole) links.prior_role = `${base}/roles/${priorRole}`;
        return {
          scope,
          role: { id: row.role_id, ...lookups?.role(row.role_id) },
          [actorKey]: { id: row.actor_id, ...lookups?.[actorKey](row.actor_id) },
          links,
        };
      }),
      links: { self: selfUrl(req), previous: null, next: null },
    };
  });
}

function roleAssignmentNotFound(role: string, actor: string, target: string): KeystoneError {
  return new KeystoneError(
    404,
    `Could not find role assignment with role: ${role}, user or group: ${actor}, project, domain, or system: ${target}.`,
  );
}

/** Names for `include_names`: each entity with its domain, as Keystone shows them. */
async function nameLookups(deps: IdentityDeps) {
  const s = deps.store;
  const domains = new Map((await s.domains.list()).map((d) => [d.id, d]));
  const dom = (id: string) => ({ id, name: domains.get(id)?.name ?? '' });
  const projects = new Map((await s.projects.list()).map((p) => [p.id, p]));
  const users = new Map((await s.users.list()).map((u) => [u.id, u]));
  const groups = new Map((await s.groups.list()).map((g) => [g.id, g]));
  const roles = new Map((await s.roles.list()).map((r) => [r.id, r]));
  return {
    project: (id: string) => {
      const p = projects.get(id);
      return p ? { name: p.name, domain: dom(p.domain_id) } : {};
    },
    domain: (id: string) => ({ name: domains.get(id)?.name ?? '' }),
    user: (id: string) => {
      const u = users.get(id);
      return u ? { name: u.name, domain: dom(u.domain_id) } : {};
    },
    group: (id: string) => {
      const g = groups.get(id);
      return g ? { name: g.name, domain: dom(g.domain_id) } : {};
    },
    role: (id: string) => {
      const r = roles.get(id);
      return r ? { name: r.name, ...(r.domain_id !== '<<null>>' ? { domain: dom(r.domain_id) } : {}) } : {};
    },
  };
}
