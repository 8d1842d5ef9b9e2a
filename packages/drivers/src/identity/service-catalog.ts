/**
 * Endpoint lookup in a token's service catalog, as keystoneauth's
 * `get_endpoint(service_type=..., interface=[...], region_name=...)`: the
 * first interface of `valid_interfaces` that the service offers wins; a
 * region, when given, must match.
 */
import type { CatalogEntry } from './access-info.js';

export interface EndpointFilter {
  readonly serviceType: string;
  /** In order of preference (`valid_interfaces`, default internal then public). */
  readonly interfaces: readonly string[];
  /** `region_name`; null accepts any region. */
  readonly region: string | null;
}

/** The URL (trailing slash removed) or undefined when nothing matches. */
export function findEndpoint(catalog: readonly CatalogEntry[], filter: EndpointFilter): string | undefined {
  const services = catalog.filter((s) => s.type === filter.serviceType);
  for (const wanted of filter.interfaces) {
    // NOTE(keystoneauth): 'internalURL' style names are the v2 spelling of the same interface.
    const iface = wanted.replace(/URL$/, '');
    for (const service of services) {
      const hit = service.endpoints.find(
        (e) => e.interface === iface && (filter.region === null || e.region === filter.region),
      );
      if (hit) return hit.url.replace(/\/+$/, '');
    }
  }
  return undefined;
}
