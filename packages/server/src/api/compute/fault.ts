/**
 * The one place where errors become Compute API faults, in Nova's format:
 * `{"itemNotFound": {"code": 404, "message": "..."}}` (nova wsgi.Fault).
 * Errors that are not NovaErrors are bugs: they answer 500 computeFault.
 */
import { isNovaError } from '@novats/core';

const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

export function faultName(status: number): string {
  return FAULT_NAMES[status] ?? 'computeFault';
}

export function faultBody(
  status: number,
  message: string,
): Record<string, { code: number; message: string }> {
  return { [faultName(status)]: { code: status, message } };
}

/** Status and body for any thrown value. */
export function toFault(err: unknown): {
  status: number;
  body: Record<string, { code: number; message: string }>;
} {
  if (isNovaError(err) && err.status < 500)
    return { status: err.status, body: faultBody(err.status, err.message) };
  if (isNovaError(err) && err.status !== 500)
    return { status: err.status, body: faultBody(err.status, err.message) };
  const fastifyStatus = (err as { statusCode?: number }).statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { status: fastifyStatus, body: faultBody(fastifyStatus, (err as Error).message) };
  }
  return {
    status: 500,
    body: faultBody(
      500,
      'Unexpected API Error. Please report this at https://bugs.launchpad.net/nova/ and attach the Nova API log if possible.',
    ),
  };
}
