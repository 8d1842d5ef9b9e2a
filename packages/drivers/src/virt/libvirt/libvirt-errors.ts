/**
 * Errors of the libvirt driver. A failed call carries libvirt's own virError
 * (its code, domain and message) so that a fault shown to the user names
 * what the hypervisor said; callers branch on `virCode`, never on text.
 */
import { NovaError } from '@novats/core';
import type { RemoteError } from './remote-protocol.js';

/** virErrorNumber values the driver acts on. */
export const VirErrorCode = {
  INTERNAL_ERROR: 1,
  NO_SUPPORT: 3,
  NO_CONNECT: 5,
  OPERATION_FAILED: 9,
  SYSTEM_ERROR: 38,
  RPC: 39,
  NO_DOMAIN: 42,
  AUTH_FAILED: 45,
  OPERATION_INVALID: 55,
  OPERATION_TIMEOUT: 68,
  OPERATION_UNSUPPORTED: 84,
} as const;

/** libvirtd answered a call with an error (libvirt's `libvirtError`). */
export class LibvirtError extends NovaError {
  readonly code = 'virt.libvirt.error';
  readonly status = 500 as const;
  readonly virCode: number;
  readonly virDomain: number;
  constructor(
    readonly procedure: number,
    error: RemoteError,
  ) {
    super(error.message ?? `libvirt error ${error.code} in procedure ${procedure}`);
    this.virCode = error.code;
    this.virDomain = error.domain;
  }
}

/** libvirtd cannot be reached, or the connection to it broke (Nova's HypervisorUnavailable). */
export class HypervisorUnavailable extends NovaError {
  readonly code = 'virt.libvirt.unavailable';
  readonly status = 503 as const;
}

/** The daemon sent something that is not libvirt's protocol. */
export class LibvirtProtocolError extends NovaError {
  readonly code = 'virt.libvirt.protocol_error';
  readonly status = 500 as const;
}

export function isLibvirtError(err: unknown, virCode?: number): err is LibvirtError {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { code?: unknown }).code === 'virt.libvirt.error' &&
    (virCode === undefined || (err as LibvirtError).virCode === virCode)
  );
}
