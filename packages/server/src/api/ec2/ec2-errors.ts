/**
 * EC2's error answers: a code from Amazon's catalogue (AuthFailure,
 * InvalidInstanceID.NotFound, ...) and its HTTP status, rendered as
 * `<Response><Errors><Error><Code/><Message/>` by the app. Nova errors from
 * the compute API layer are translated once, in `ec2ErrorOf`.
 */
import { isNovaError, NovaError } from '@novats/core';

export class Ec2Error extends NovaError {
  readonly code = 'ec2.error';
  constructor(
    /** Amazon's error code, e.g. InvalidInstanceID.NotFound. */
    readonly ec2Code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 500 | 503 = 400,
  ) {
    super(message);
  }
}

export const authFailure = (message: string) => new Ec2Error('AuthFailure', message, 401);
export const missingParameter = (name: string) =>
  new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
export const invalidParameterValue = (message: string) => new Ec2Error('InvalidParameterValue', message);
export const instanceNotFound = (id: string) =>
  new Ec2Error('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
export const malformedInstanceId = (id: string) =>
  new Ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${id}" (expecting "i-...")`);
export const imageNotFound = (id: string) =>
  new Ec2Error('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
export const keyPairNotFound = (name: string) =>
  new Ec2Error('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`);

/** Any error as EC2 reports it; unknown ones are InternalError (500) and are bugs. */
export function ec2ErrorOf(err: unknown): Ec2Error {
  if (err instanceof Ec2Error) return err;
  if (isNovaError(err)) {
    switch (err.status) {
      case 400:
        return new Ec2Error('InvalidParameterValue', err.message);
      case 401:
        return authFailure(err.message);
      case 403:
        return new Ec2Error(
          /quota/i.test(err.message) ? 'InstanceLimitExceeded' : 'UnauthorizedOperation',
          err.message,
          403,
        );
      case 404:
        return new Ec2Error('InvalidParameterValue', err.message);
      case 409:
        return new Ec2Error('IncorrectInstanceState', err.message);
      case 503:
        return new Ec2Error('Unavailable', err.message, 503);
    }
  }
  return new Ec2Error('InternalError', 'An internal error has occurred', 500);
}
