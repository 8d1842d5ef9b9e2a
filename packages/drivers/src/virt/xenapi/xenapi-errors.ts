/**
 * XenAPI's errors: a call answers `{Status: 'Failure', ErrorDescription:
 * [code, ...params]}` with codes such as HANDLE_INVALID,
 * VM_BAD_POWER_STATE or SESSION_AUTHENTICATION_FAILED (the XenAPI
 * reference's error list). They surface as HypervisorOperationFailed naming
 * the code, so an instance fault says what XenServer said.
 */
import { HypervisorOperationFailed } from '@novats/core';

export class XenApiFailure extends HypervisorOperationFailed {
  constructor(
    readonly method: string,
    readonly errorCode: string,
    readonly params: readonly string[],
  ) {
    super(`XenAPI ${method} failed: ${[errorCode, ...params].join(' ')}`, errorCode);
  }
}

export function isXenApiFailure(err: unknown, ...codes: string[]): err is XenApiFailure {
  return err instanceof XenApiFailure && (codes.length === 0 || codes.includes(err.errorCode));
}
