/**
 * What nova-api-metadata reads from nova.conf, once at start-up (Nova's
 * option names and defaults; see docs/metadata.md).
 */
import type { NovaConfig } from '@novats/core';

export interface MetadataSettings {
  /** `[DEFAULT] metadata_listen` / `metadata_listen_port`. */
  readonly listen: { readonly host: string; readonly port: number };
  /** `[neutron] service_metadata_proxy`. */
  readonly serviceMetadataProxy: boolean;
  /** `[neutron] metadata_proxy_shared_secret`. */
  readonly proxySharedSecret: string;
  /** `[api] use_forwarded_for`. */
  readonly useForwardedFor: boolean;
  /** `[api] metadata_cache_expiration` (s); 0 disables the cache. */
  readonly cacheExpiration: number;
  /** `[api] dhcp_domain`. */
  readonly dhcpDomain: string;
  /** `[api] vendordata_providers`. */
  readonly vendordataProviders: readonly string[];
  /** `[api] vendordata_jsonfile_path`. */
  readonly vendordataJsonfilePath: string | null;
  /** `[api] vendordata_dynamic_targets` (name@url). */
  readonly vendordataDynamicTargets: readonly string[];
  /** `[api] vendordata_dynamic_connect_timeout` + `read_timeout` (s). */
  readonly vendordataDynamicTimeout: number;
  /** `[api] vendordata_dynamic_failure_fatal`. */
  readonly vendordataDynamicFailureFatal: boolean;
  /** `[DEFAULT] default_availability_zone`, for instances with none recorded. */
  readonly defaultAvailabilityZone: string;
}

export function metadataSettingsFromConfig(conf: NovaConfig): MetadataSettings {
  return {
    listen: {
      host: conf.get('DEFAULT', 'metadata_listen'),
      port: conf.get('DEFAULT', 'metadata_listen_port'),
    },
    serviceMetadataProxy: conf.get('neutron', 'service_metadata_proxy'),
    proxySharedSecret: conf.get('neutron', 'metadata_proxy_shared_secret') ?? '',
    useForwardedFor: conf.get('api', 'use_forwarded_for'),
    cacheExpiration: conf.get('api', 'metadata_cache_expiration'),
    dhcpDomain: conf.get('api', 'dhcp_domain') ?? '',
    vendordataProviders: conf.get('api', 'vendordata_providers'),
    vendordataJsonfilePath: conf.get('api', 'vendordata_jsonfile_path'),
    vendordataDynamicTargets: conf.get('api', 'vendordata_dynamic_targets'),
    vendordataDynamicTimeout:
      conf.get('api', 'vendordata_dynamic_connect_timeout') +
      conf.get('api', 'vendordata_dynamic_read_timeout'),
    vendordataDynamicFailureFatal: conf.get('api', 'vendordata_dynamic_failure_fatal'),
    defaultAvailabilityZone: conf.get('DEFAULT', 'default_availability_zone'),
  };
}
