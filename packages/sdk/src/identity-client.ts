/**
 * Keystone v3: tokens, and users, projects, domains, roles and their
 * assignments, groups, credentials (EC2 too), services, endpoints, regions
 * and application credentials. Request and response types come from the
 * schemas the identity service validates with (@novats/core's
 * api-schemas/identity); every request body is checked against its schema
 * before it is sent, so a bad field is refused with its path
 * (`/user/name`) and never reaches the server.
 */
import {
  APPLICATION_CREDENTIAL_CREATE,
  type ApplicationCredentialCreate,
  type ApplicationCredentialView,
  AUTH_TOKENS_CREATE,
  type AuthTokensCreate,
  type CatalogServiceView,
  CREDENTIAL_CREATE,
  CREDENTIAL_UPDATE,
  type CredentialCreate,
  type CredentialUpdate,
  type CredentialView,
  DOMAIN_CREATE,
  DOMAIN_UPDATE,
  type DomainCreate,
  type DomainUpdate,
  type DomainView,
  EC2_CREDENTIAL_CREATE,
  type Ec2CredentialCreate,
  type Ec2CredentialView,
  ENDPOINT_CREATE,
  ENDPOINT_UPDATE,
  type EndpointCreate,
  type EndpointUpdate,
  type EndpointView,
  GROUP_CREATE,
  GROUP_UPDATE,
  type GroupCreate,
  type GroupUpdate,
  type GroupView,
  PROJECT_CREATE,
  PROJECT_UPDATE,
  type ProjectCreate,
  type ProjectUpdate,
  type ProjectView,
  REGION_CREATE,
  REGION_UPDATE,
  type RegionCreate,
  type RegionUpdate,
  type RegionView,
  ROLE_CREATE,
  ROLE_UPDATE,
  type RoleAssignmentView,
  type RoleCreate,
  type RoleUpdate,
  type RoleView,
  SERVICE_CREATE,
  SERVICE_UPDATE,
  type ServiceCreate,
  type ServiceUpdate,
  type ServiceView,
  type TokenBodyView,
  type TokenView,
  USER_CREATE,
  USER_PASSWORD,
  USER_UPDATE,
  type UserCreate,
  type UserPasswordChange,
  type UserUpdate,
  type UserView,
} from '@novats/core';
import { HttpClient } from './http-client.js';
import type { Session } from './session.js';
import { assertMatches } from './validate.js';

/** A project as GET /v3/projects answers it. */
export type Project = ProjectView;

/** A token issued or validated: its id (the `X-Subject-Token` header) and its body. */
export interface IssuedToken {
  readonly id: string;
  readonly token: TokenView;
}

/** Where a role is granted: a project, a domain or the system; to a user or a group. */
export type GrantTarget = { project: string } | { domain: string } | { system: true };
export type GrantActor = { user: string } | { group: string };

type Query = Record<string, string | boolean | undefined>;

const seg = (id: string) => encodeURIComponent(id);

function grantPath(target: GrantTarget, actor: GrantActor, role: string): string {
  const where =
    'project' in target
      ? `/projects/${seg(target.project)}`
      : 'domain' in target
        ? `/domains/${seg(target.domain)}`
        : '/system';
  const who = 'user' in actor ? `/users/${seg(actor.user)}` : `/groups/${seg(actor.group)}`;
  return `${where}${who}/roles/${seg(role)}`;
}

export class IdentityClient {
  readonly #http: HttpClient;
  constructor(session: Session) {
    this.#http = new HttpClient(session, 'identity');
  }

  /** Checks `body` against `schema`, then sends it (a bad body is a rejected promise, never a throw). */
  async #send<T>(method: string, path: string, schema: object, body: unknown): Promise<T> {
    assertMatches(schema, body);
    return this.#http.call<T>(method, path, { body });
  }

  async #list<T>(plural: string, path: string, query?: Query): Promise<T[]> {
    return (await this.#http.call<Record<string, T[]>>('GET', path, { query }))[plural];
  }

  async #one<T>(key: string, path: string): Promise<T> {
    return (await this.#http.call<Record<string, T>>('GET', path))[key];
  }

  async #write<T>(method: string, key: string, path: string, schema: object, member: unknown): Promise<T> {
    return (await this.#send<Record<string, T>>(method, path, schema, { [key]: member }))[key];
  }

  async #delete(path: string): Promise<void> {
    await this.#http.call('DELETE', path);
  }

  // -- tokens --------------------------------------------------------------------------------------

  /** POST /auth/tokens (sent without the session's token): password, token or application credential. */
  async issueToken(body: AuthTokensCreate, opts: { nocatalog?: boolean } = {}): Promise<IssuedToken> {
    assertMatches(AUTH_TOKENS_CREATE, body);
    const res = await this.#http.answer<TokenBodyView>('POST', '/auth/tokens', {
      body,
      anonymous: true,
      query: { nocatalog: opts.nocatalog ? '' : undefined },
    });
    return { id: res.headers.get('x-subject-token') ?? '', token: res.body.token };
  }

  /** GET /auth/tokens: what `subject` is (404 when it is not valid). */
  async validateToken(subject: string, opts: { nocatalog?: boolean } = {}): Promise<IssuedToken> {
    const res = await this.#http.answer<TokenBodyView>('GET', '/auth/tokens', {
      headers: { 'x-subject-token': subject },
      query: { nocatalog: opts.nocatalog ? '' : undefined },
    });
    return { id: res.headers.get('x-subject-token') ?? subject, token: res.body.token };
  }

  async revokeToken(subject: string): Promise<void> {
    await this.#http.call('DELETE', '/auth/tokens', { headers: { 'x-subject-token': subject } });
  }

  /** GET /auth/catalog: the catalog of the session's (scoped) token. */
  catalog(): Promise<CatalogServiceView[]> {
    return this.#list('catalog', '/auth/catalog');
  }

  // -- projects, domains ---------------------------------------------------------------------------

  projects(query?: Query): Promise<ProjectView[]> {
    return this.#list('projects', '/projects', query);
  }
  project(id: string): Promise<ProjectView> {
    return this.#one('project', `/projects/${seg(id)}`);
  }
  createProject(body: ProjectCreate): Promise<ProjectView> {
    return this.#write('POST', 'project', '/projects', PROJECT_CREATE, body);
  }
  updateProject(id: string, body: ProjectUpdate): Promise<ProjectView> {
    return this.#write('PATCH', 'project', `/projects/${seg(id)}`, PROJECT_UPDATE, body);
  }
  deleteProject(id: string): Promise<void> {
    return this.#delete(`/projects/${seg(id)}`);
  }

  domains(query?: Query): Promise<DomainView[]> {
    return this.#list('domains', '/domains', query);
  }
  domain(id: string): Promise<DomainView> {
    return this.#one('domain', `/domains/${seg(id)}`);
  }
  createDomain(body: DomainCreate): Promise<DomainView> {
    return this.#write('POST', 'domain', '/domains', DOMAIN_CREATE, body);
  }
  updateDomain(id: string, body: DomainUpdate): Promise<DomainView> {
    return this.#write('PATCH', 'domain', `/domains/${seg(id)}`, DOMAIN_UPDATE, body);
  }
  deleteDomain(id: string): Promise<void> {
    return this.#delete(`/domains/${seg(id)}`);
  }

  // -- users, groups -------------------------------------------------------------------------------

  users(query?: Query): Promise<UserView[]> {
    return this.#list('users', '/users', query);
  }
  user(id: string): Promise<UserView> {
    return this.#one('user', `/users/${seg(id)}`);
  }
  createUser(body: UserCreate): Promise<UserView> {
    return this.#write('POST', 'user', '/users', USER_CREATE, body);
  }
  updateUser(id: string, body: UserUpdate): Promise<UserView> {
    return this.#write('PATCH', 'user', `/users/${seg(id)}`, USER_UPDATE, body);
  }
  deleteUser(id: string): Promise<void> {
    return this.#delete(`/users/${seg(id)}`);
  }
  /** POST /users/{id}/password: revokes the user's tokens. */
  async changePassword(id: string, body: UserPasswordChange): Promise<void> {
    await this.#send('POST', `/users/${seg(id)}/password`, USER_PASSWORD, { user: body });
  }
  userProjects(id: string): Promise<ProjectView[]> {
    return this.#list('projects', `/users/${seg(id)}/projects`);
  }
  userGroups(id: string): Promise<GroupView[]> {
    return this.#list('groups', `/users/${seg(id)}/groups`);
  }

  groups(query?: Query): Promise<GroupView[]> {
    return this.#list('groups', '/groups', query);
  }
  group(id: string): Promise<GroupView> {
    return this.#one('group', `/groups/${seg(id)}`);
  }
  createGroup(body: GroupCreate): Promise<GroupView> {
    return this.#write('POST', 'group', '/groups', GROUP_CREATE, body);
  }
  updateGroup(id: string, body: GroupUpdate): Promise<GroupView> {
    return this.#write('PATCH', 'group', `/groups/${seg(id)}`, GROUP_UPDATE, body);
  }
  deleteGroup(id: string): Promise<void> {
    return this.#delete(`/groups/${seg(id)}`);
  }
  async addUserToGroup(group: string, user: string): Promise<void> {
    await this.#http.call('PUT', `/groups/${seg(group)}/users/${seg(user)}`);
  }
  removeUserFromGroup(group: string, user: string): Promise<void> {
    return this.#delete(`/groups/${seg(group)}/users/${seg(user)}`);
  }

  // -- roles and their assignments -----------------------------------------------------------------

  roles(query?: Query): Promise<RoleView[]> {
    return this.#list('roles', '/roles', query);
  }
  role(id: string): Promise<RoleView> {
    return this.#one('role', `/roles/${seg(id)}`);
  }
  createRole(body: RoleCreate): Promise<RoleView> {
    return this.#write('POST', 'role', '/roles', ROLE_CREATE, body);
  }
  updateRole(id: string, body: RoleUpdate): Promise<RoleView> {
    return this.#write('PATCH', 'role', `/roles/${seg(id)}`, ROLE_UPDATE, body);
  }
  deleteRole(id: string): Promise<void> {
    return this.#delete(`/roles/${seg(id)}`);
  }
  /** PUT …/roles/{role}: grants `role` to a user or group on a project, a domain or the system. */
  async grantRole(target: GrantTarget, actor: GrantActor, role: string): Promise<void> {
    await this.#http.call('PUT', grantPath(target, actor, role));
  }
  revokeRole(target: GrantTarget, actor: GrantActor, role: string): Promise<void> {
    return this.#delete(grantPath(target, actor, role));
  }
  /** GET /role_assignments with Keystone's filters (`user.id`, `scope.project.id`, `effective`, `include_names`...). */
  roleAssignments(query?: Query): Promise<RoleAssignmentView[]> {
    return this.#list('role_assignments', '/role_assignments', query);
  }

  // -- credentials -----------------------------------------------------------------------------------

  credentials(query?: Query): Promise<CredentialView[]> {
    return this.#list('credentials', '/credentials', query);
  }
  credential(id: string): Promise<CredentialView> {
    return this.#one('credential', `/credentials/${seg(id)}`);
  }
  createCredential(body: CredentialCreate): Promise<CredentialView> {
    return this.#write('POST', 'credential', '/credentials', CREDENTIAL_CREATE, body);
  }
  updateCredential(id: string, body: CredentialUpdate): Promise<CredentialView> {
    return this.#write('PATCH', 'credential', `/credentials/${seg(id)}`, CREDENTIAL_UPDATE, body);
  }
  deleteCredential(id: string): Promise<void> {
    return this.#delete(`/credentials/${seg(id)}`);
  }

  ec2Credentials(user: string): Promise<Ec2CredentialView[]> {
    return this.#list('credentials', `/users/${seg(user)}/credentials/OS-EC2`);
  }
  /** POST /users/{id}/credentials/OS-EC2: an access key and secret for a project (`tenant_id`). */
  async createEc2Credential(user: string, body: Ec2CredentialCreate): Promise<Ec2CredentialView> {
    const path = `/users/${seg(user)}/credentials/OS-EC2`;
    return (await this.#send<{ credential: Ec2CredentialView }>('POST', path, EC2_CREDENTIAL_CREATE, body))
      .credential;
  }
  deleteEc2Credential(user: string, access: string): Promise<void> {
    return this.#delete(`/users/${seg(user)}/credentials/OS-EC2/${seg(access)}`);
  }

  applicationCredentials(user: string): Promise<ApplicationCredentialView[]> {
    return this.#list('application_credentials', `/users/${seg(user)}/application_credentials`);
  }
  /** POST …/application_credentials: the answer holds the secret, shown this once. */
  createApplicationCredential(
    user: string,
    body: ApplicationCredentialCreate,
  ): Promise<ApplicationCredentialView> {
    return this.#write(
      'POST',
      'application_credential',
      `/users/${seg(user)}/application_credentials`,
      APPLICATION_CREDENTIAL_CREATE,
      body,
    );
  }
  deleteApplicationCredential(user: string, id: string): Promise<void> {
    return this.#delete(`/users/${seg(user)}/application_credentials/${seg(id)}`);
  }

  // -- the catalog's services, endpoints and regions ------------------------------------------------

  services(query?: Query): Promise<ServiceView[]> {
    return this.#list('services', '/services', query);
  }
  service(id: string): Promise<ServiceView> {
    return this.#one('service', `/services/${seg(id)}`);
  }
  createService(body: ServiceCreate): Promise<ServiceView> {
    return this.#write('POST', 'service', '/services', SERVICE_CREATE, body);
  }
  updateService(id: string, body: ServiceUpdate): Promise<ServiceView> {
    return this.#write('PATCH', 'service', `/services/${seg(id)}`, SERVICE_UPDATE, body);
  }
  deleteService(id: string): Promise<void> {
    return this.#delete(`/services/${seg(id)}`);
  }

  endpoints(query?: Query): Promise<EndpointView[]> {
    return this.#list('endpoints', '/endpoints', query);
  }
  endpoint(id: string): Promise<EndpointView> {
    return this.#one('endpoint', `/endpoints/${seg(id)}`);
  }
  createEndpoint(body: EndpointCreate): Promise<EndpointView> {
    return this.#write('POST', 'endpoint', '/endpoints', ENDPOINT_CREATE, body);
  }
  updateEndpoint(id: string, body: EndpointUpdate): Promise<EndpointView> {
    return this.#write('PATCH', 'endpoint', `/endpoints/${seg(id)}`, ENDPOINT_UPDATE, body);
  }
  deleteEndpoint(id: string): Promise<void> {
    return this.#delete(`/endpoints/${seg(id)}`);
  }

  regions(query?: Query): Promise<RegionView[]> {
    return this.#list('regions', '/regions', query);
  }
  createRegion(body: RegionCreate): Promise<RegionView> {
    return this.#write('POST', 'region', '/regions', REGION_CREATE, body);
  }
  updateRegion(id: string, body: RegionUpdate): Promise<RegionView> {
    return this.#write('PATCH', 'region', `/regions/${seg(id)}`, REGION_UPDATE, body);
  }
  deleteRegion(id: string): Promise<void> {
    return this.#delete(`/regions/${seg(id)}`);
  }
}
