/**
 * Errors of the console domain (Nova's ConsoleTypeInvalid,
 * ConsoleTypeUnavailable, InvalidToken and the 501 a driver without the
 * console facet answers). Messages never carry a console token.
 */
import { NotFound } from './common-errors.js';
import { NovaError } from './nova-error.js';

/** The protocol/type pair is not one this deployment serves (400). */
export class ConsoleTypeInvalid extends NovaError {
  readonly code = 'console.type.invalid';
  readonly status = 400 as const;
  constructor(consoleType: string) {
    super(`Invalid console type ${consoleType}`);
  }
}

/** The console type is known but switched off on the host (`[vnc] enabled = False`, ...) (400). */
export class ConsoleTypeUnavailable extends NovaError {
  readonly code = 'console.type.unavailable';
  readonly status = 400 as const;
  constructor(consoleType: string) {
    super(`Unavailable console type ${consoleType}.`);
  }
}

/** The host's virt driver has no console of this protocol (Nova: NotImplementedError, 501). */
export class ConsoleNotSupported extends NovaError {
  readonly code = 'console.not_supported';
  readonly status = 501 as const;
  constructor() {
    super('The requested functionality is not supported.');
  }
}

/**
 * Nova's InvalidToken: unknown, expired or revoked (instance deleted). The
 * token itself is left out of the message so that it never reaches a log.
 */
export class InvalidConsoleToken extends NovaError {
  readonly code = 'console.token.invalid';
  readonly status = 401 as const;
  constructor() {
    super('The token is invalid or has expired');
  }
}

/** GET /os-console-auth-tokens/{token} for a token no cell knows (404 "Token not found"). */
export class ConsoleAuthTokenNotFound extends NotFound {
  override readonly code = 'console.token.not_found';
  constructor() {
    super('Token not found');
  }
}

/** Before 2.31 only rdp-html5 token details may be read (401). */
export class ConsoleTypeNotAccessible extends NovaError {
  readonly code = 'console.type.not_accessible';
  readonly status = 401 as const;
  constructor() {
    super('The requested console type details are not accessible');
  }
}
