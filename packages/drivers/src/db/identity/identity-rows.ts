/**
 * The rows of the identity tables as the identity service reads them.
 * `extra` holds the free-form attributes Keystone keeps beside the columns
 * (a service's name and description, a user's email, ...).
 */
export type Extra = Record<string, unknown>;

export interface DomainRow {
  readonly id: string;
  readonly name: string;
  readonly name_lower: string;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly extra: Extra | null;
}

export interface ProjectRow {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  readonly parent_id: string | null;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly tags: string[] | null;
  readonly extra: Extra | null;
}

export interface UserRow {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  readonly enabled: boolean;
  readonly default_project_id: string | null;
  /** `$scrypt$...` (see the identity service's password-hash module); null: no password. */
  readonly password_hash: string | null;
  readonly extra: Extra | null;
  readonly created_at: string | null;
}

export interface GroupRow {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  readonly description: string | null;
  readonly extra: Extra | null;
}

export interface GroupMemberRow {
  readonly group_id: string;
  readonly user_id: string;
}

/** `domain_id` is '<<null>>' for a global role. */
export interface RoleRow {
  readonly id: string;
  readonly name: string;
  readonly domain_id: string;
  readonly description: string | null;
  readonly extra: Extra | null;
}

export interface ImpliedRoleRow {
  readonly prior_role_id: string;
  readonly implied_role_id: string;
}

export type AssignmentType =
  | 'UserProject'
  | 'GroupProject'
  | 'UserDomain'
  | 'GroupDomain'
  | 'UserSystem'
  | 'GroupSystem';

/** A role on a target; for system assignments `target_id` is 'system'. */
export interface AssignmentRow {
  readonly type: AssignmentType;
  readonly actor_id: string;
  readonly target_id: string;
  readonly role_id: string;
  readonly inherited: boolean;
}

export interface RegionRow {
  readonly id: string;
  readonly description: string | null;
  readonly parent_region_id: string | null;
  readonly extra: Extra | null;
}

export interface ServiceRow {
  readonly id: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly extra: Extra | null;
}

export interface EndpointRow {
  readonly id: string;
  readonly service_id: string;
  readonly interface: string;
  readonly region_id: string | null;
  readonly url: string;
  readonly enabled: boolean;
  readonly extra: Extra | null;
}

export interface CredentialRow {
  readonly id: string;
  readonly user_id: string;
  readonly project_id: string | null;
  readonly type: string;
  readonly blob: string;
  readonly extra: Extra | null;
}

export interface AppCredentialRow {
  readonly id: string;
  readonly name: string;
  readonly user_id: string;
  readonly project_id: string | null;
  readonly secret_hash: string;
  readonly description: string | null;
  readonly expires_at: string | null;
  readonly unrestricted: boolean;
  /** Role ids the credential may use. */
  readonly roles: string[];
}

export interface TokenRow {
  /** SHA-256 of the token. */
  readonly id: string;
  readonly user_id: string;
  readonly project_id: string | null;
  readonly domain_id: string | null;
  readonly system: boolean;
  /** Comma-separated auth methods (`password`, `token`, ...). */
  readonly methods: string;
  readonly audit_id: string;
  readonly parent_audit_id: string | null;
  readonly app_cred_id: string | null;
  readonly issued_at: string;
  readonly expires_at: string;
  readonly revoked: boolean;
}
