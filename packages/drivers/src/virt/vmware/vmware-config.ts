/**
 * The `[vmware]` options of nova.conf that the VMware driver reads, with
 * Nova's names and defaults (`nova/conf/vmware.py`).
 */
import { InvalidInput } from '@novats/core';

export interface VMwareDriverOptions {
  /** `host_ip`: the vCenter server's address. */
  readonly host_ip: string | null;
  /** `host_port` (443). */
  readonly host_port?: number;
  readonly host_username: string | null;
  readonly host_password: string | null;
  /** `cluster_name`: the one cluster this nova-compute manages. */
  readonly cluster_name: string | null;
  /** `insecure`: skip TLS certificate verification (vcsim, self-signed vCenter). */
  readonly insecure?: boolean;
  /** `datastore_regex`: which of the cluster's datastores may hold instances (all when unset). */
  readonly datastore_regex?: string | null;
  /** `api_retry_count`: how often to retry reaching vCenter at start (10, as Nova). */
  readonly api_retry_count?: number;
  /** Seconds of the first retry pause; doubled each time up to 30 s. */
  readonly retry_interval?: number;
  /** vCenter's URL, for tests that reach a simulator over plain HTTP (overrides host_ip/host_port). */
  readonly url?: string;
}

export const VMWARE_DRIVER_NAME = 'vmwareapi.VMwareVCDriver';

/** Nova refuses to start without these (`VMwareVCDriver.__init__`). */
export function checkVMwareOptions(opts: VMwareDriverOptions): void {
  const missing = (['host_ip', 'host_username', 'host_password', 'cluster_name'] as const).filter(
    (k) => !opts[k] && !(k === 'host_ip' && opts.url),
  );
  if (missing.length > 0) {
    throw new InvalidInput(
      `Must specify ${missing.map((k) => `[vmware] ${k}`).join(', ')} to use compute_driver = ${VMWARE_DRIVER_NAME}.`,
    );
  }
  if (opts.datastore_regex) {
    try {
      new RegExp(opts.datastore_regex);
    } catch {
      throw new InvalidInput(
        `[vmware] datastore_regex ${opts.datastore_regex} is not a valid regular expression.`,
      );
    }
  }
}

export function vCenterUrl(opts: VMwareDriverOptions): string {
  if (opts.url) return opts.url;
  const host = opts.host_ip?.includes(':') ? `[${opts.host_ip}]` : opts.host_ip;
  return `https://${host}:${opts.host_port ?? 443}/sdk`;
}
