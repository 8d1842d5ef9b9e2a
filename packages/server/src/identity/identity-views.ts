/**
 * Keystone v3's JSON for each entity, with its `links.self`. Free-form
 * attributes (`extra`) are merged in as Keystone does, under the columns.
 */
import type {
  DomainRow,
  EndpointRow,
  Extra,
  GroupRow,
  ProjectRow,
  RegionRow,
  RoleRow,
  ServiceRow,
  UserRow,
} from '@novats/drivers';

export type Links = (path: string) => { self: string };

const withExtra = (extra: Extra | null, fields: Record<string, unknown>) => ({ ...(extra ?? {}), ...fields });

export const domainView = (d: DomainRow, l: Links) =>
  withExtra(d.extra, {
    id: d.id,
    name: d.name,
    description: d.description ?? '',
    enabled: d.enabled,
    tags: [],
    options: {},
    links: l(`domains/${d.id}`),
  });

export const projectView = (p: ProjectRow, l: Links) =>
  withExtra(p.extra, {
    id: p.id,
    name: p.name,
    domain_id: p.domain_id,
    description: p.description ?? '',
    enabled: p.enabled,
    parent_id: p.parent_id ?? p.domain_id,
    is_domain: false,
    tags: p.tags ?? [],
    options: {},
    links: l(`projects/${p.id}`),
  });

export const userView = (u: UserRow, l: Links) =>
  withExtra(u.extra, {
    id: u.id,
    name: u.name,
    domain_id: u.domain_id,
    enabled: u.enabled,
    ...(u.default_project_id ? { default_project_id: u.default_project_id } : {}),
    password_expires_at: null,
    options: {},
    links: l(`users/${u.id}`),
  });

export const groupView = (g: GroupRow, l: Links) =>
  withExtra(g.extra, {
    id: g.id,
    name: g.name,
    domain_id: g.domain_id,
    description: g.description ?? '',
    links: l(`groups/${g.id}`),
  });

export const roleView = (r: RoleRow, l: Links) =>
  withExtra(r.extra, {
    id: r.id,
    name: r.name,
    domain_id: r.domain_id === '<<null>>' ? null : r.domain_id,
    description: r.description,
    options: {},
    links: l(`roles/${r.id}`),
  });

export const regionView = (r: RegionRow, l: Links) =>
  withExtra(r.extra, {
    id: r.id,
    description: r.description ?? '',
    parent_region_id: r.parent_region_id,
    links: l(`regions/${r.id}`),
  });

export const serviceView = (s: ServiceRow, l: Links) =>
  withExtra(s.extra, { id: s.id, type: s.type, enabled: s.enabled, links: l(`services/${s.id}`) });

export const endpointView = (e: EndpointRow, l: Links) =>
  withExtra(e.extra, {
    id: e.id,
    interface: e.interface,
    region_id: e.region_id,
    region: e.region_id,
    url: e.url,
    service_id: e.service_id,
    enabled: e.enabled,
    links: l(`endpoints/${e.id}`),
  });

/** `{"<plural>": [...], "links": {...}}` as every Keystone list answers. */
export function listBody(plural: string, items: unknown[], self: string): object {
  return { [plural]: items, links: { self, previous: null, next: null } };
}
