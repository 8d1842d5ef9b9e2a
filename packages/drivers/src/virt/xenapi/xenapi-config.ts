/**
 * The `[xenserver]` options of nova.conf that the XenAPI driver reads, with
 * Nova's names and defaults (`nova/conf/xenserver.py`).
 */
import { InvalidInput } from '@novats/core';

export interface XenAPIDriverOptions {
  /** `connection_url`: the pool master's URL, e.g. `https://xenserver1` (XML-RPC on `/`). */
  readonly connection_url: string | null;
  /** `connection_username` ('root'). */
  readonly connection_username?: string;
  readonly connection_password: string | null;
  /**
   * `sr_matching_filter` ('default-sr:true'): the storage repository for
   * guests' disks, the pool's default SR or `other-config:KEY=VALUE`.
   */
  readonly sr_matching_filter?: string;
}

export const XENAPI_DRIVER_NAME = 'xenapi.XenAPIDriver';

/** Nova refuses to start without them (`XenAPIDriver.__init__`). */
export function checkXenAPIOptions(opts: XenAPIDriverOptions): void {
  if (!opts.connection_url || !opts.connection_password) {
    throw new InvalidInput(
      `Must specify [xenserver] connection_url and connection_password to use compute_driver = ${XENAPI_DRIVER_NAME}.`,
    );
  }
  const filter = opts.sr_matching_filter ?? 'default-sr:true';
  if (filter !== 'default-sr:true' && !/^other-config:[^=]+=.*$/.test(filter)) {
    throw new InvalidInput(
      `[xenserver] sr_matching_filter ${filter} is neither default-sr:true nor other-config:KEY=VALUE.`,
    );
  }
}
