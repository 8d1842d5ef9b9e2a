/**
 * `keystone-manage bootstrap`, step for step: the Default domain, the admin
 * project, the admin user (its password reset when it differs), the roles
 * reader, member and admin with admin ⇒ member ⇒ reader, admin on the admin
 * project and on the system, the region, and one `keystone` identity
 * service with endpoints at the given URLs. Running it again changes only
 * what differs. `seedAllInOne` adds what `novats up` also needs: the
 * service project and the compute, placement and image services.
 */

import type { Logger } from '@novats/core';
import type { IdentityStore, RoleRow } from '@novats/drivers';
import { newId } from './identity-deps.js';
import { hashPassword, verifyPassword } from './password-hash.js';

export interface BootstrapOptions {
  readonly password: string;
  readonly username?: string;
  readonly projectName?: string;
  readonly roleName?: string;
  readonly serviceName?: string;
  readonly regionId?: string;
  /** Endpoint URLs of the identity service (`--bootstrap-public-url` ...); none: no catalog entry. */
  readonly publicUrl?: string;
  readonly internalUrl?: string;
  readonly adminUrl?: string;
}

export interface BootstrapResult {
  readonly userId: string;
  readonly projectId: string;
  readonly adminRoleId: string;
}

const GLOBAL = '<<null>>';

async function ensureRole(store: IdentityStore, name: string, log: Logger): Promise<RoleRow> {
  const found = await store.roles.get({ name, domain_id: GLOBAL });
  if (found) return found;
  const role = { id: newId(), name, domain_id: GLOBAL, description: null, extra: {} };
  await store.roles.insert(role);
  log.info(`Created role ${name}`);
  return role;
}

async function ensureImplied(store: IdentityStore, prior: string, implied: string): Promise<void> {
  if (!(await store.impliedRoles.get({ prior_role_id: prior, implied_role_id: implied }))) {
    await store.impliedRoles.insert({ prior_role_id: prior, implied_role_id: implied });
  }
}

async function ensureGrant(store: IdentityStore, row: Parameters<IdentityStore['assignments']['insert']>[0]) {
  if (!(await store.assignments.get(row))) await store.assignments.insert(row);
}

async function ensureProject(store: IdentityStore, name: string, description: string): Promise<string> {
  const found = await store.projects.get({ name, domain_id: 'default' });
  if (found) return found.id;
  const id = newId();
  await store.projects.insert({
    id,
    name,
    domain_id: 'default',
    parent_id: null,
    description,
    enabled: true,
    tags: [],
    extra: {},
  });
  return id;
}

/** Idempotent; returns the ids an operator would look up next. */
export async function bootstrapIdentity(
  store: IdentityStore,
  o: BootstrapOptions,
  log: Logger,
): Promise<BootstrapResult> {
  if (!(await store.domains.get({ id: 'default' }))) {
    await store.domains.insert({
      id: 'default',
      name: 'Default',
      name_lower: 'default',
      description: 'The default domain',
      enabled: true,
      extra: {},
    });
    log.info('Created domain default');
  }
  const projectId = await ensureProject(
    store,
    o.projectName ?? 'admin',
    'Bootstrap project for initializing the cloud.',
  );
  const username = o.username ?? 'admin';
  let user = await store.users.get({ name: username, domain_id: 'default' });
  if (!user) {
    user = {
      id: newId(),
      name: username,
      domain_id: 'default',
      enabled: true,
      default_project_id: null,
      password_hash: await hashPassword(o.password),
      extra: {},
      created_at: new Date().toISOString(),
    };
    await store.users.insert(user);
    log.info(`Created user ${username}`);
  } else {
    if (!(await verifyPassword(o.password, user.password_hash))) {
      await store.users.update({ id: user.id }, { password_hash: await hashPassword(o.password) });
      log.info(`Reset password for user ${username}.`);
    }
    if (!user.enabled) await store.users.update({ id: user.id }, { enabled: true });
  }
  const reader = await ensureRole(store, 'reader', log);
  const memberRole = await ensureRole(store, 'member', log);
  await ensureImplied(store, memberRole.id, reader.id);
  const admin = await ensureRole(store, o.roleName ?? 'admin', log);
  await ensureImplied(store, admin.id, memberRole.id);
  await ensureGrant(store, {
    type: 'UserProject',
    actor_id: user.id,
    target_id: projectId,
    role_id: admin.id,
    inherited: false,
  });
  await ensureGrant(store, {
    type: 'UserSystem',
    actor_id: user.id,
    target_id: 'system',
    role_id: admin.id,
    inherited: false,
  });
  const regionId = o.regionId ?? 'RegionOne';
  if (!(await store.regions.get({ id: regionId }))) {
    await store.regions.insert({ id: regionId, description: '', parent_region_id: null, extra: {} });
  }
  const urls = { public: o.publicUrl, internal: o.internalUrl, admin: o.adminUrl };
  if (o.publicUrl || o.internalUrl || o.adminUrl) {
    let service = (await store.services.list({ type: 'identity' }))[0];
    if (!service) {
      service = {
        id: newId(),
        type: 'identity',
        enabled: true,
        extra: { name: o.serviceName ?? 'keystone' },
      };
      await store.services.insert(service);
    }
    await ensureEndpoints(store, service.id, regionId, urls);
  }
  return { userId: user.id, projectId, adminRoleId: admin.id };
}

async function ensureEndpoints(
  store: IdentityStore,
  serviceId: string,
  regionId: string,
  urls: Record<string, string | undefined>,
): Promise<void> {
  const existing = await store.endpoints.list({ service_id: serviceId, region_id: regionId });
  for (const [iface, url] of Object.entries(urls)) {
    if (!url) continue;
    const hit = existing.find((e) => e.interface === iface);
    if (hit) {
      if (hit.url !== url) await store.endpoints.update({ id: hit.id }, { url });
      continue;
    }
    await store.endpoints.insert({
      id: newId(),
      service_id: serviceId,
      interface: iface,
      region_id: regionId,
      url,
      enabled: true,
      extra: {},
    });
  }
}

export interface SeededService {
  readonly type: string;
  readonly name: string;
  readonly description: string;
  readonly url: string;
}

/**
 * What `novats up` adds to the bootstrap: the `service` project and one
 * service per API it serves, with public, internal and admin endpoints in
 * RegionOne at its own URLs (kept up to date when the ports change).
 */
export async function seedAllInOne(store: IdentityStore, services: readonly SeededService[]): Promise<void> {
  await ensureProject(store, 'service', 'Service Project');
  for (const s of services) {
    let service = (await store.services.list({ type: s.type }))[0];
    if (!service) {
      service = {
        id: newId(),
        type: s.type,
        enabled: true,
        extra: { name: s.name, description: s.description },
      };
      await store.services.insert(service);
    }
    await ensureEndpoints(store, service.id, 'RegionOne', { public: s.url, internal: s.url, admin: s.url });
  }
}
