/**
 * The one mapper from thrown errors to Placement's error body:
 * `{"errors":[{"status","title","detail","code" (1.23+),"request_id"}]}`.
 * The detail keeps webob's shape (explanation, blank line, message) that
 * Placement's clients and gabbi tests match on.
 */
import { isNovaError, PlacementErrorCode, type PolicyNotAuthorized } from '@novats/core';
import type { ErrorMediaType } from './accept-header.js';
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
  /** webob's parts of the message, for the HTML and plain-text renderings. */
  readonly title: string;
  readonly explanation: string;
  readonly message: string;
}

/** Builds the error body; `minor` undefined when the version was not negotiated. */
export function placementFault(
  err: unknown,
  requestId: string,
  minor: number | undefined,
  method = 'GET',
): PlacementFault {
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
  const [title, defaultExplanation] = TITLES[status] ?? TITLES[500]!;
  // webob's 405 page names the method instead of the generic explanation.
  const explanation =
    status === 405 ? `The method ${method} is not allowed for this resource. ` : defaultExplanation;
  const error: Record<string, unknown> = { status, title, detail: `${explanation}\n\n ${message}  ` };
  if (minor === undefined || minor >= 23) error.code = code;
  error.request_id = requestId;
  if (err instanceof PlacementVersionNotAcceptable) {
    error.max_version = MAX_VERSION;
    error.min_version = MIN_VERSION;
  }
  return { status, body: { errors: [error] }, title, explanation, message };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The fault in the media type webob picks from the Accept header: JSON (the
 * errors body), or webob's HTML page / plain text with the same explanation
 * and message.
 */
export function renderFault(
  fault: PlacementFault,
  mediaType: ErrorMediaType,
): { contentType: string; payload: string } {
  const status = `${fault.status} ${fault.title}`;
  if (mediaType === 'application/json')
    return { contentType: 'application/json', payload: JSON.stringify(fault.body) };
  if (mediaType === 'text/plain')
    return {
      contentType: 'text/plain; charset=UTF-8',
      payload: `${status}\n\n${fault.explanation}\n\n ${fault.message}  `,
    };
  const body = `${escapeHtml(fault.explanation)}<br /><br />\n${escapeHtml(fault.message)}\n\n`;
  return {
    contentType: 'text/html; charset=UTF-8',
    payload: `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${body}\n </body>\n</html>`,
  };
}
