/**
 * Quota limits stored in the API database (Nova's `quotas`,
 * `project_user_quotas` and `quota_classes`) and the serialization that makes
 * a quota check and the records it admits one step. Adapters load and store
 * rows; which limit applies is core's quota/quota-limits.ts.
 */

export interface UserQuotaRow {
  readonly user_id: string;
  readonly resource: string;
  readonly hard_limit: number;
}

export interface QuotaRepository {
  /** The project's own limits by resource (Nova's `Quotas.get_all_by_project`). */
  getAllByProject(projectId: string): Promise<Record<string, number>>;
  /** One user's limits in a project (`get_all_by_project_and_user`, without the project's). */
  getAllByProjectAndUser(projectId: string, userId: string): Promise<Record<string, number>>;
  /** Every per-user limit of a project (for what is left to give out). */
  listUserQuotasOfProject(projectId: string): Promise<UserQuotaRow[]>;
  /** Creates or overwrites one limit of a project, or of a user when `userId` is given. */
  setLimit(projectId: string, resource: string, hardLimit: number, userId?: string): Promise<void>;
  /** Removes the project's limits and those of all its users (`destroy_all_by_project`). */
  destroyAllByProject(projectId: string): Promise<void>;
  /** Removes one user's limits (`destroy_all_by_project_and_user`). */
  destroyAllByProjectAndUser(projectId: string, userId: string): Promise<void>;
  /** A quota class's limits by resource (`get_all_class_by_name`). */
  getClass(className: string): Promise<Record<string, number>>;
  /**
   * A quota class's, a project's and (with `userId`) one of its users' limits
   * together: what a quota check reads, in one round trip instead of three.
   */
  getClassProjectAndUser(
    className: string,
    projectId: string,
    userId?: string,
  ): Promise<{
    quotaClass: Record<string, number>;
    project: Record<string, number>;
    user: Record<string, number>;
  }>;
  /** Creates or overwrites one limit of a quota class. */
  setClassLimit(className: string, resource: string, hardLimit: number): Promise<void>;
  /**
   * Runs `fn` while no other caller, in this process or another one on the
   * same database, runs under the same `key` (Nova's old quota reservations
   * locked the usage rows the same way). A holder that died releases the key
   * after a lease of a minute. Rejects when the key stays taken for longer.
   */
  serialize<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
