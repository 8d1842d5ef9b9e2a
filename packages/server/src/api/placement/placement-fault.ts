/**
 * The one mapper from thrown errors to Placement's error body:
 * `{"errors":[{"status","title","detail","code" (1.23+),"request_id"}]}`.
 * The detail keeps webob's shape (explanation, blank line, message) that
 * Placement's clients and gabbi tests match on.
 */
import { isNovaError, PlacementErrorCode, type PolicyNotAuthorized } from '@novats/core';
import { MAX_VERSION, MIN_VERSION, PlacementVersionNotAcceptable } from './placement-version.js';

const TITLES: Record<number, [string, string]> = {
  400: [
    'Bad Request',
    'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  ],
  401: [
    'Unauthorized',
    'This server could not verify that you are authorized to access the document you requested.',
  ],
  403: ['Forbidden', 'Access was denied to this resource.'],
  404: ['Not Found', 'The resource could not be found.'],
  405: ['Method Not Allowed', 'The method specified is not allowed for this resource.'],
  406: ['Not Acceptable', 'The resource could not be generated that was acceptable to your request.'],
  409: ['Conflict', 'There was a conflict when trying to complete your request.'],
  415: ['Unsupported Media Type', 'The request media type is not supported by this server.'],
  500: [
    'Internal Server Error',
    'The server has either erred or is incapable of performing the requested operation.',
  ],
};

const POLICY_NOT_AUTHORIZED = 'policy.not_authorized';

export interface PlacementFault {
  readonly status: number;
  readonly body: { errors: Record<string, unknown>[] };
}

/** Builds the error body; `minor` undefined when the version was not negotiated. */
export function placementFault(err: unknown, requestId: string, minor: number | undefined): PlacementFault {
  let status = 500;
  let message = 'An unexpected error occurred.';
  let code: string = PlacementErrorCode.DEFAULT;
  if (isNovaError(err)) {
    status = err.status;
    message =
      err.code === POLICY_NOT_AUTHORIZED
        ? `Policy does not allow ${(err as PolicyNotAuthorized).action} to be performed.`
        : err.message;
    if (err.code.startsWith('placement.')) code = err.code;
  } else if (
    typeof (err as { statusCode?: unknown })?.statusCode === 'number' &&
    (err as { statusCode: number }).statusCode < 500
  ) {
    status = (err as { statusCode: number }).statusCode;
    message = (err as Error).message;
  }
  const [title, explanation] = TITLES[status] ?? TITLES[500]!;
  const error: Record<string, unknown> = { status, title, detail: `${explanation}\n\n ${message}  ` };
  if (minor === undefined || minor >= 23) error.code = code;
  error.request_id = requestId;
  if (err instanceof PlacementVersionNotAcceptable) {
    error.max_version = MAX_VERSION;
    error.min_version = MIN_VERSION;
  }
  return { status, body: { errors: [error] } };
}
