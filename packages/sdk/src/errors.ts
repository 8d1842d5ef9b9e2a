/**
 * What a call can fail with. A service's error answer becomes an
 * OpenStackApiError carrying Nova's fault body (`{"itemNotFound": {...}}`)
 * or Placement's (`{"errors": [...]}`); a request that does not match its
 * schema is refused before it is sent, naming the bad field's path.
 */

/** The fault a service answered with. */
export interface ApiFault {
  /** Nova's fault name (`itemNotFound`, `badRequest`, ...) or Placement's error code. */
  readonly name: string;
  readonly code: number;
  readonly message: string;
  readonly details?: string;
}

export class OpenStackApiError extends Error {
  readonly kind = 'openstack-api-error' as const;
  /** Stable identifier of the HTTP status class, e.g. `novats.sdk.not_found`. */
  readonly code: string;
  constructor(
    readonly status: number,
    readonly fault: ApiFault,
    readonly requestId: string | null,
    readonly method: string,
    readonly url: string,
  ) {
    super(`${method} ${url}: ${status} ${fault.message}`);
    this.name = new.target.name;
    this.code = `novats.sdk.${STATUS_CODES[status] ?? 'http_error'}`;
  }
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'over_limit',
};

export class BadRequest extends OpenStackApiError {}
export class Unauthorized extends OpenStackApiError {}
export class Forbidden extends OpenStackApiError {}
export class NotFound extends OpenStackApiError {}
export class Conflict extends OpenStackApiError {}

/** The typed exception for a status (OpenStackApiError for the others). */
export function apiErrorFor(
  status: number,
  fault: ApiFault,
  requestId: string | null,
  method: string,
  url: string,
): OpenStackApiError {
  const cls =
    { 400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict }[status] ??
    OpenStackApiError;
  return new cls(status, fault, requestId, method, url);
}

/**
 * Reads Nova's `{"<name>": {"code", "message"}}`, Placement's `{"errors": [...]}`,
 * Keystone's `{"error": {...}}` or Glance's (webob's) `{"message", "code": "409 Conflict", "title"}`.
 */
export function faultOf(status: number, body: unknown): ApiFault {
  if (body && typeof body === 'object') {
    const b = body as Record<string, any>;
    if (Array.isArray(b.errors) && b.errors[0]) {
      const e = b.errors[0];
      return { name: e.code ?? e.title ?? 'error', code: status, message: e.detail ?? e.title ?? '' };
    }
    if (typeof b.message === 'string' && typeof b.title === 'string') {
      // NOTE(webob): the explanation is followed by `<br /><br />` and blank lines.
      const message = b.message
        .replace(/<br \/>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      return { name: b.title, code: status, message: message || b.title };
    }
    const [name] = Object.keys(b);
    const inner = name ? b[name] : undefined;
    if (inner && typeof inner === 'object' && 'message' in inner) {
      return {
        name,
        code: Number(inner.code ?? status),
        message: String(inner.message),
        ...(inner.details ? { details: String(inner.details) } : {}),
      };
    }
  }
  return { name: 'error', code: status, message: typeof body === 'string' ? body : `HTTP ${status}` };
}

/** The request did not match the schema the service validates with; nothing was sent. */
export class RequestValidationError extends Error {
  readonly kind = 'request-validation-error' as const;
  readonly code = 'novats.sdk.invalid_request';
  constructor(
    /** JSON pointer of the bad field, e.g. `/server/name`. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`invalid request at ${path || '/'}: ${reason}`);
    this.name = 'RequestValidationError';
  }
}

/** waitFor() gave up. */
export class WaitTimeout extends Error {
  readonly kind = 'wait-timeout' as const;
  readonly code = 'novats.sdk.wait_timeout';
  constructor(
    readonly what: string,
    readonly lastStatus: string | undefined,
  ) {
    super(`timed out waiting for ${what} (last status ${lastStatus ?? 'unknown'})`);
    this.name = 'WaitTimeout';
  }
}

/** The awaited server went to ERROR (or another `failOn` status); carries its fault. */
export class ServerFailed extends Error {
  readonly kind = 'server-failed' as const;
  readonly code = 'novats.sdk.server_failed';
  /** The fault's message, when the server has one. */
  readonly faultMessage: string | undefined;
  constructor(
    readonly status: string,
    /** The server's `fault` (code and message) as the API shows it. */
    readonly fault: { readonly code: number; readonly message: string } | undefined,
  ) {
    super(`server went to ${status}${fault ? `: ${fault.message}` : ''}`);
    this.name = 'ServerFailed';
    this.faultMessage = fault?.message;
  }
}
