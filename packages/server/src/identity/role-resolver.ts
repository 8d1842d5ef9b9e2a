/**
 * Which roles a user holds on a project, a domain or the system: direct
 * assignments, assignments of the user's groups and roles inherited from the
 * project's domain and parents (OS-INHERIT), each expanded through implied
 * roles (admin ⇒ member ⇒ reader after bootstrap), as Keystone's assignment
 * manager does when it builds a token.
 */
import type { IdentityStore, ProjectRow, RoleRow } from '@novats/drivers';
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
    const target = 'project' in scope ? scope.project : 'domain' in scope ? scope.domain : 'system';
    const ancestors = 'project' in scope ? await this.#ancestors(scope.project, project) : [];
    // NOTE(perf): one query for the user's and their groups' assignments on the target and its
    // ancestors (a login used to spend three); direct ones first, then the inherited ones.
    const rows = await this.store.assignments.list({}, (q) =>
      q
        .where((w) =>
          w
            .where('actor_id', userId)
            .orWhereIn(
              'actor_id',
              this.store.knex('identity_group_members').select('group_id').where('user_id', userId),
            ),
        )
        .whereIn('target_id', [target, ...ancestors]),
    );
    const direct = rows.filter((a) => a.target_id === target && !a.inherited);
    const inherited = rows.filter((a) => a.target_id !== target && a.inherited);
    return this.expand([...new Set([...direct, ...inherited].map((a) => a.role_id))]);
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
