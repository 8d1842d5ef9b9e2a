/**
 * The v3 service catalog as Keystone's SQL catalog builds it: enabled
 * services in creation order, each with its enabled endpoints in creation
 * order; `$(project_id)s` / `%(tenant_id)s` in URLs filled with the token's
 * project, and an endpoint that needs a project left out of a token without
 * one.
 */
import type { IdentityStore } from '@novats/drivers';
import type { GenerationMemo } from './generation-memo.js';

export interface CatalogEndpointView {
  readonly id: string;
  readonly interface: string;
  readonly region_id: string | null;
  readonly region: string | null;
  readonly url: string;
}

export interface CatalogServiceView {
  readonly endpoints: CatalogEndpointView[];
  readonly id: string;
  readonly type: string;
  readonly name: string;
}

const SUBSTITUTION = /[$%]\((tenant_id|project_id|user_id)\)s/g;

function formatUrl(url: string, values: Record<string, string | null>): string | null {
  let missing = false;
  const out = url.replace(SUBSTITUTION, (_m, key: string) => {
    const v = values[key];
    if (!v) missing = true;
    return v ?? '';
  });
  return missing ? null : out;
}

export async function buildCatalog(
  store: IdentityStore,
  userId: string,
  projectId: string | null,
  memo?: GenerationMemo,
): Promise<CatalogServiceView[]> {
  const load = () =>
    Promise.all([store.services.list({ enabled: true }), store.endpoints.list({ enabled: true })]);
  const [services, endpoints] = await (memo ? memo.get('catalog', load) : load());
  const values = { user_id: userId, project_id: projectId, tenant_id: projectId };
  return services.map((s) => ({
    endpoints: endpoints
      .filter((e) => e.service_id === s.id)
      .flatMap((e) => {
        const url = formatUrl(e.url, values);
        return url === null
          ? []
          : [{ id: e.id, interface: e.interface, region_id: e.region_id, url, region: e.region_id }];
      }),
    id: s.id,
    type: s.type,
    name: String(s.extra?.name ?? ''),
  }));
}
