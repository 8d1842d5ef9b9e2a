/** Errors shared by every API: bad input, missing things, forbidden, conflicts. */
import { NovaError } from './nova-error.js';

export class InvalidInput extends NovaError {
  readonly code: string = 'nova.invalid_input';
  readonly status = 400 as const;
}

export class NotFound extends NovaError {
  readonly code: string = 'nova.not_found';
  readonly status = 404 as const;
}

export class Forbidden extends NovaError {
  readonly code: string = 'nova.forbidden';
  readonly status = 403 as const;
}

export class Unauthorized extends NovaError {
  readonly code = 'nova.unauthorized';
  readonly status = 401 as const;
}

export class Conflict extends NovaError {
  readonly code: string = 'nova.conflict';
  readonly status = 409 as const;
}

export class ServiceUnavailable extends NovaError {
  readonly code = 'nova.service_unavailable';
  readonly status = 503 as const;
}

/** An RPC call got no reply in time (oslo.messaging MessagingTimeout). */
export class MessagingTimeout extends NovaError {
  readonly code = 'nova.messaging_timeout';
  readonly status = 503 as const;
}
