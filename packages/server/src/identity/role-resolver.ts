/**
 * Which roles a user holds on a project, a domain or the system: direct
 * assignments, assignments of the user's groups and roles inherited from the
 * project's domain and parents (OS-INHERIT), each expanded through implied
 * roles (admin ⇒ member ⇒ reader after bootstrap), as Keystone's assignment
 * manager does when it builds a token.
 */
import type { AssignmentRow, IdentityStore, ProjectRow, RoleRow } from '@novats/drivers';
import { GenerationMemo } from './generation-memo.js';

/** What a token is scoped to. */
export type ScopeTarget =
  | { readonly project: string }
  | { readonly domain: string }
  | { readonly system: true }
  | { readonly unscoped: true };

export class RoleResolver {
  readonly #memo: GenerationMemo;

  constructor(private readonly store: IdentityStore) {
    this.#memo = new GenerationMemo(store);
  }

  /** Role ids, implied ones included, in a stable order (direct first). */
  async roleIds(userId: string, scope: ScopeTarget, project?: ProjectRow): Promise<string[]> {
    if ('unscoped' in scope) return [];
    const groups = (await this.store.groupMembers.list({ user_id: userId })).map((m) => m.group_id);
    const actors = [userId, ...groups];
    const direct: AssignmentRow[] = [];
    const matches = async (targets: string[], inheritedOnly: boolean) => {
      for (const a of await this.store.assignments.list({}, (q) =>
        q.whereIn('actor_id', actors).whereIn('target_id', targets),
      )) {
        if (inheritedOnly && !a.inherited) continue;
        if (!inheritedOnly && a.inherited) continue;
        direct.push(a);
      }
    };
    if ('project' in scope) {
      await matches([scope.project], false);
      const ancestors = await this.#ancestors(scope.project, project);
      if (ancestors.length > 0) await matches(ancestors, true);
    } else if ('domain' in scope) {
      await matches([scope.domain], false);
    } else {
      await matches(['system'], false);
    }
    return this.expand([...new Set(direct.map((a) => a.role_id))]);
  }

  /** The roles themselves, implied ones included. */
  async roles(userId: string, scope: ScopeTarget, project?: ProjectRow): Promise<RoleRow[]> {
    const ids = await this.roleIds(userId, scope, project);
    if (ids.length === 0) return [];
    const rows = await this.#memo.get('roles', () => this.store.roles.list());
    return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is RoleRow => r !== undefined);
  }

  /** Adds every role implied, transitively, by `ids`. */
  async expand(ids: readonly string[]): Promise<string[]> {
    const rules = await this.#memo.get('implied', () => this.store.impliedRoles.list());
    const out = [...ids];
    for (let i = 0; i < out.length; i++) {
      for (const r of rules)
        if (r.prior_role_id === out[i] && !out.includes(r.implied_role_id)) out.push(r.implied_role_id);
    }
    return out;
  }

  /** The project's parents up to (and including) its domain, nearest first. */
  async #ancestors(projectId: string, known?: ProjectRow): Promise<string[]> {
    const out: string[] = [];
    let current = known?.id === projectId ? known : await this.store.projects.get({ id: projectId });
    if (current) out.push(current.domain_id);
    while (current?.parent_id && !out.includes(current.parent_id)) {
      out.unshift(current.parent_id);
      current = await this.store.projects.get({ id: current.parent_id });
    }
    return out;
  }
}
