/** What the EC2 API reads from nova.conf, once at start-up (Liberty's `[DEFAULT] ec2_*` options). */
import type { NovaConfig } from '@novats/core';

export interface Ec2Settings {
  /** `[DEFAULT] ec2_listen` / `ec2_listen_port`. */
  readonly listen: { readonly host: string; readonly port: number };
  /** `[DEFAULT] keystone_ec2_url`: the identity service's /v3/ec2tokens. */
  readonly keystoneEc2Url: string;
  /** `[DEFAULT] ec2_timestamp_expiry` (s): how far a request's time may be from ours, and how long a signature is remembered. */
  readonly timestampExpiry: number;
  /** `[DEFAULT] region_list`; empty: the one region `nova`. */
  readonly regions: readonly string[];
  /** `[DEFAULT] default_availability_zone`. */
  readonly defaultAvailabilityZone: string;
}

export function ec2SettingsFromConfig(conf: NovaConfig): Ec2Settings {
  return {
    listen: { host: conf.get('DEFAULT', 'ec2_listen'), port: conf.get('DEFAULT', 'ec2_listen_port') },
    keystoneEc2Url: conf.get('DEFAULT', 'keystone_ec2_url'),
    timestampExpiry: conf.get('DEFAULT', 'ec2_timestamp_expiry'),
    regions: conf.get('DEFAULT', 'region_list'),
    defaultAvailabilityZone: conf.get('DEFAULT', 'default_availability_zone'),
  };
}
