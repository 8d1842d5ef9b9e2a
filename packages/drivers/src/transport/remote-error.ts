/**
 * Errors crossing the bus, as oslo.messaging serialises them: the server side
 * turns an exception into plain data (class name, code, status, message and
 * its own fields) and the caller raises a RemoteError that still answers to
 * `kind: 'nova-error'`, `code` and `status`, so one HTTP mapper handles it
 * whether the failure happened here or in another process.
 */
import { isNovaError, NovaError, type NovaErrorStatus } from '@novats/core';

/** The wire form of a failure (JSON-safe). */
export interface SerializedRemoteError {
  /** The class name on the server side, e.g. `InstanceNotFound` (oslo's `exc_type`). */
  readonly exc_type: string;
  readonly code: string;
  readonly status: NovaErrorStatus;
  readonly message: string;
  /** Extra own fields of the error (e.g. NoValidHost's `reason`), when they are JSON-safe. */
  readonly fields: Record<string, unknown>;
}

const OWN_FIELDS_SKIPPED = new Set(['kind', 'code', 'status', 'message', 'stack', 'name', 'cause']);

/** Any thrown value as wire data; non-Nova errors become a 500 `nova.remote_error`. */
export function serializeRemoteError(err: unknown): SerializedRemoteError {
  if (isNovaError(err)) {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(err)) {
      if (OWN_FIELDS_SKIPPED.has(key)) continue;
      try {
        fields[key] = structuredClone(value);
      } catch {
        // NOTE(wire): a field that cannot be cloned stays behind; code, status and message always go.
      }
    }
    return { exc_type: err.name, code: err.code, status: err.status, message: err.message, fields };
  }
  const error = err instanceof Error ? err : new Error(String(err));
  return { exc_type: error.name, code: 'nova.remote_error', status: 500, message: error.message, fields: {} };
}

/**
 * oslo.messaging's RemoteError: raised on the caller for a failure of the
 * remote handler. `name` is the remote class name, so logs and `err.name`
 * checks read as if the original had been thrown here.
 */
export class RemoteError extends NovaError {
  readonly code: string;
  readonly status: NovaErrorStatus;
  /** The remote class name (oslo's `exc_type`). */
  readonly exc_type: string;

  constructor(wire: SerializedRemoteError) {
    super(wire.message);
    Object.assign(this, wire.fields);
    this.code = wire.code;
    this.status = wire.status;
    this.exc_type = wire.exc_type;
    this.name = wire.exc_type;
  }
}

export function deserializeRemoteError(wire: SerializedRemoteError): RemoteError {
  return new RemoteError(wire);
}
