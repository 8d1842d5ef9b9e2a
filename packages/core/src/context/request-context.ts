/**
 * Who is asking (Nova's RequestContext): carried with every API request and
 * RPC message so that each service acts on behalf of the same user.
 */
export interface RequestContext {
  readonly request_id: string;
  readonly user_id: string | null;
  readonly project_id: string | null;
  readonly roles: readonly string[];
  readonly is_admin: boolean;
  /** Keystone token or noauth2 token, forwarded to other services when set. */
  readonly auth_token?: string | null;
  readonly global_request_id?: string | null;
  /** Keystone's system scope (`all`) when the token is system-scoped, as oslo.context's `system_scope`. */
  readonly system_scope?: string | null;
  /** Domain of the user and of the project (Keystone ids), as keystonemiddleware's headers carry them. */
  readonly user_domain_id?: string | null;
  readonly project_domain_id?: string | null;
  /** Domain the token is scoped to, for domain-scoped tokens. */
  readonly domain_id?: string | null;
  /** Names, for logs and for policy rules that match by name. */
  readonly user_name?: string | null;
  readonly project_name?: string | null;
}

/** A context with admin rights for the services' own work (Nova's get_admin_context). */
export function adminContext(requestId: string): RequestContext {
  return { request_id: requestId, user_id: null, project_id: null, roles: ['admin'], is_admin: true };
}
