/**
 * The embedded identity service's storage in the API database: one
 * IdentityTable per Keystone table. `generation` counts writes made through
 * this handle, so that the service can keep derived views (role sets, the
 * catalog) until something changes.
 */
import type { Knex } from 'knex';
import { type OpenOptions, openKnex, withKnex } from '../shared/knex-connection.js';
import { runMigrations } from '../shared/migration-runner.js';
import { IDENTITY_MIGRATION_SET } from './identity-migrations.js';
import type {
  AppCredentialRow,
  AssignmentRow,
  CredentialRow,
  DomainRow,
  EndpointRow,
  GroupMemberRow,
  GroupRow,
  ImpliedRoleRow,
  ProjectRow,
  RegionRow,
  RoleRow,
  ServiceRow,
  TokenRow,
  UserRow,
} from './identity-rows.js';
import { IdentityTable } from './identity-table.js';

export class IdentityStore {
  #generation = 0;
  readonly domains: IdentityTable<DomainRow>;
  readonly projects: IdentityTable<ProjectRow>;
  readonly users: IdentityTable<UserRow>;
  readonly groups: IdentityTable<GroupRow>;
  readonly groupMembers: IdentityTable<GroupMemberRow>;
  readonly roles: IdentityTable<RoleRow>;
  readonly impliedRoles: IdentityTable<ImpliedRoleRow>;
  readonly assignments: IdentityTable<AssignmentRow>;
  readonly regions: IdentityTable<RegionRow>;
  readonly services: IdentityTable<ServiceRow>;
  readonly endpoints: IdentityTable<EndpointRow>;
  readonly credentials: IdentityTable<CredentialRow>;
  readonly appCredentials: IdentityTable<AppCredentialRow>;
  readonly tokens: IdentityTable<TokenRow>;

  constructor(readonly knex: Knex) {
    const bump = () => {
      this.#generation++;
    };
    const table = <R extends object>(
      name: string,
      columns: Record<keyof R & string, 'string' | 'bool' | 'json' | 'time'>,
      orderBy?: string,
      onWrite = bump,
    ) => new IdentityTable<R>(knex, name, columns, onWrite, orderBy);
    const s = 'string' as const;
    const b = 'bool' as const;
    const j = 'json' as const;
    const t = 'time' as const;
    this.domains = table<DomainRow>('identity_domains', {
      id: s,
      name: s,
      name_lower: s,
      description: s,
      enabled: b,
      extra: j,
    });
    this.projects = table<ProjectRow>('identity_projects', {
      id: s,
      name: s,
      domain_id: s,
      parent_id: s,
      description: s,
      enabled: b,
      tags: j,
      extra: j,
    });
    this.users = table<UserRow>('identity_users', {
      id: s,
      name: s,
      domain_id: s,
      enabled: b,
      default_project_id: s,
      password_hash: s,
      extra: j,
      created_at: t,
    });
    this.groups = table<GroupRow>('identity_groups', {
      id: s,
      name: s,
      domain_id: s,
      description: s,
      extra: j,
    });
    this.groupMembers = table<GroupMemberRow>(
      'identity_group_members',
      { group_id: s, user_id: s },
      'group_id',
    );
    this.roles = table<RoleRow>('identity_roles', { id: s, name: s, domain_id: s, description: s, extra: j });
    this.impliedRoles = table<ImpliedRoleRow>(
      'identity_implied_roles',
      { prior_role_id: s, implied_role_id: s },
      'prior_role_id',
    );
    this.assignments = table<AssignmentRow>(
      'identity_assignments',
      { type: s, actor_id: s, target_id: s, role_id: s, inherited: b },
      'actor_id',
    );
    this.regions = table<RegionRow>('identity_regions', {
      id: s,
      description: s,
      parent_region_id: s,
      extra: j,
    });
    this.services = table<ServiceRow>('identity_services', { id: s, type: s, enabled: b, extra: j }, 'seq');
    this.endpoints = table<EndpointRow>(
      'identity_endpoints',
      { id: s, service_id: s, interface: s, region_id: s, url: s, enabled: b, extra: j },
      'seq',
    );
    this.credentials = table<CredentialRow>('identity_credentials', {
      id: s,
      user_id: s,
      project_id: s,
      type: s,
      blob: s,
      extra: j,
    });
    this.appCredentials = table<AppCredentialRow>('identity_app_credentials', {
      id: s,
      name: s,
      user_id: s,
      project_id: s,
      secret_hash: s,
      description: s,
      expires_at: t,
      unrestricted: b,
      roles: j,
    });
    this.tokens = table<TokenRow>(
      'identity_tokens',
      {
        id: s,
        user_id: s,
        project_id: s,
        domain_id: s,
        system: b,
        methods: s,
        audit_id: s,
        parent_audit_id: s,
        app_cred_id: s,
        issued_at: t,
        expires_at: t,
        revoked: b,
      },
      'id',
      // NOTE(cache): issuing a token changes nothing another token's view depends on; revocation is the
      // token provider's to announce.
      () => {},
    );
  }

  /** Writes made through this handle so far (derived views compare it). */
  get generation(): number {
    return this.#generation;
  }

  /** Runs `fn` in one transaction on a store bound to it. */
  async transaction<T>(fn: (tx: IdentityStore) => Promise<T>): Promise<T> {
    const result = await this.knex.transaction((trx) => fn(new IdentityStore(trx)));
    this.#generation++;
    return result;
  }

  close(): Promise<void> {
    return this.knex.destroy();
  }
}

/** Opens the identity tables in the database at a Nova connection URL (`[api_database] connection`). */
export function openIdentityStore(url: string, opts: OpenOptions = {}): IdentityStore {
  return new IdentityStore(openKnex(url, opts));
}

/** Creates the identity tables when missing (idempotent); resolves the schema version. */
export function syncIdentityDatabase(url: string): Promise<number> {
  return withKnex(url, (db) => runMigrations(db, IDENTITY_MIGRATION_SET));
}
