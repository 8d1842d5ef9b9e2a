/**
 * What a Keystone v3 token says, parsed once from `{"token": {...}}` (the body
 * of POST and GET /v3/auth/tokens): who, which project, which roles, until
 * when, and the service catalog. Mirrors keystoneauth's AccessInfoV3.
 */

/** One endpoint of a catalog entry (`interface` is public, internal or admin). */
export interface CatalogEndpoint {
  readonly interface: string;
  readonly region: string | null;
  readonly url: string;
}

/** One service of the catalog. */
export interface CatalogEntry {
  readonly type: string;
  readonly name: string | null;
  readonly endpoints: readonly CatalogEndpoint[];
}

export interface AccessInfo {
  /** The token itself (the `X-Subject-Token` header). */
  readonly token: string;
  /** Expiry in ms since the epoch; null when Keystone gave none. */
  readonly expiresAt: number | null;
  readonly userId: string;
  readonly userName: string | null;
  readonly userDomainId: string | null;
  /** Null for unscoped and domain-scoped tokens. */
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly projectDomainId: string | null;
  /** Set for domain-scoped tokens. */
  readonly domainId: string | null;
  readonly domainName: string | null;
  /** `all` for system-scoped tokens (oslo.context's system_scope), else null. */
  readonly systemScope: string | null;
  /** Role names. */
  readonly roles: readonly string[];
  readonly catalog: readonly CatalogEntry[];
}

/** Parses a v3 token body; returns undefined when it is not one. */
export function parseAccessInfo(token: string, body: any): AccessInfo | undefined {
  const t = body?.token;
  if (!t || typeof t !== 'object' || typeof t.user?.id !== 'string') return undefined;
  const expires = typeof t.expires_at === 'string' ? Date.parse(t.expires_at) : Number.NaN;
  return {
    token,
    expiresAt: Number.isNaN(expires) ? null : expires,
    userId: t.user.id,
    userName: t.user.name ?? null,
    userDomainId: t.user.domain?.id ?? null,
    projectId: t.project?.id ?? null,
    projectName: t.project?.name ?? null,
    projectDomainId: t.project?.domain?.id ?? null,
    domainId: t.domain?.id ?? null,
    domainName: t.domain?.name ?? null,
    systemScope: t.system?.all === true ? 'all' : null,
    roles: Array.isArray(t.roles) ? t.roles.map((r: { name: string }) => r.name) : [],
    catalog: Array.isArray(t.catalog)
      ? t.catalog.map((s: any) => ({
          type: String(s.type),
          name: s.name ?? null,
          endpoints: Array.isArray(s.endpoints)
            ? s.endpoints.map((e: any) => ({
                interface: String(e.interface),
                region: e.region_id ?? e.region ?? null,
                url: String(e.url),
              }))
            : [],
        }))
      : [],
  };
}
