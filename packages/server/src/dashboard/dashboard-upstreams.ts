/**
 * Where the dashboard's proxy sends `/proxy/<service-type>/...`: the root of
 * each public API (its catalog URL without the version suffix, so the browser
 * names the version as any client does). Endpoints not given are learned from
 * the catalog of the first token the identity service issues through the proxy.
 */

/** The service types the dashboard talks to. */
export const DASHBOARD_SERVICE_TYPES = ['identity', 'compute', 'placement', 'image'] as const;
export type DashboardServiceType = (typeof DASHBOARD_SERVICE_TYPES)[number];

export type Upstreams = Partial<Record<DashboardServiceType, string>>;

/**
 * A catalog URL's root: Compute's `/v2.1` or `/v2` (with a project id after
 * it) and Identity's `/v3` are dropped, as are trailing slashes.
 */
export function upstreamRoot(type: DashboardServiceType, url: string): string {
  const bare = url.replace(/\/+$/, '');
  if (type === 'compute') return bare.replace(/\/v2(\.1)?(\/[^/]+)?$/, '');
  if (type === 'identity') return bare.replace(/\/v3$/, '');
  return bare;
}

interface CatalogEntry {
  readonly type?: unknown;
  readonly endpoints?: readonly { interface?: unknown; url?: unknown }[];
}

/** The public endpoints of `types` in a Keystone v3 token body's catalog. */
export function publicEndpointsOf(tokenBody: unknown): Upstreams {
  const catalog = (tokenBody as { token?: { catalog?: CatalogEntry[] } } | null)?.token?.catalog;
  const found: Upstreams = {};
  if (!Array.isArray(catalog)) return found;
  for (const type of DASHBOARD_SERVICE_TYPES) {
    const entry = catalog.find((e) => e.type === type);
    const url = entry?.endpoints?.find((e) => e.interface === 'public')?.url;
    if (typeof url === 'string') found[type] = upstreamRoot(type, url);
  }
  return found;
}
