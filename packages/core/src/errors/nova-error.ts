/**
 * The root of every error Novats raises on purpose. The server maps `status`
 * to Nova's fault body (`{"itemNotFound": {"code": 404, "message": ...}}`) or
 * Placement's (`{"errors": [...]}`) in one place; handlers just throw.
 * NOTE(dual-package): check `kind`/`code`, not `instanceof` alone.
 */
export type NovaErrorStatus =
  | 400
  | 401
  | 403
  | 404
  | 405
  | 406
  | 409
  | 410
  | 413
  | 415
  | 429
  | 500
  | 501
  | 503;

export abstract class NovaError extends Error {
  readonly kind = 'nova-error' as const;
  /** Stable, namespaced identifier; never renamed or reused. */
  abstract readonly code: string;
  abstract readonly status: NovaErrorStatus;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export function isNovaError(err: unknown): err is NovaError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'nova-error';
}
