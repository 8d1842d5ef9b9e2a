/**
 * Keystone's errors with their wire form `{"error": {"code", "message",
 * "title"}}`. A 401 never says why (unknown user, wrong password and a bad
 * token all read alike), as Keystone answers a guesser.
 */
import { NovaError } from '@novats/core';

type KeystoneStatus = 400 | 401 | 403 | 404 | 405 | 409 | 415;

const TITLES: Record<KeystoneStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
};

export class KeystoneError extends NovaError {
  readonly code: string;
  readonly status: KeystoneStatus;
  constructor(status: KeystoneStatus, message: string, code = `identity.http_${status}`) {
    super(message);
    this.status = status;
    this.code = code;
  }

  get title(): string {
    return TITLES[this.status];
  }
}

export const unauthorized = () =>
  new KeystoneError(401, 'The request you have made requires authentication.', 'identity.unauthorized');

export const forbidden = (action?: string) =>
  new KeystoneError(
    403,
    action
      ? `You are not authorized to perform the requested action: ${action}.`
      : 'You are not authorized to perform the requested action.',
    'identity.forbidden',
  );

/** `Could not find <what>: <id>.` */
export const notFound = (what: string, id: string) =>
  new KeystoneError(404, `Could not find ${what}: ${id}.`, 'identity.not_found');

export const badRequest = (message: string) => new KeystoneError(400, message, 'identity.validation');

/** Keystone's ValidationError wording for a missing attribute. */
export const missingAttribute = (attribute: string, target: string) =>
  badRequest(
    `Expecting to find ${attribute} in ${target}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`,
  );

export const conflict = (type: string, details: string) =>
  new KeystoneError(409, `Conflict occurred attempting to store ${type} - ${details}.`, 'identity.conflict');

/** The body of any error this service answers. */
export function keystoneErrorBody(status: number, message: string): object {
  return {
    error: { code: status, message, title: TITLES[status as KeystoneStatus] ?? 'Internal Server Error' },
  };
}
