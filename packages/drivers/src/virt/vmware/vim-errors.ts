/**
 * vSphere faults as typed errors: a SOAP fault or a failed task carries the
 * fault's type (`InvalidPowerState`, `DuplicateName`, ...) and vCenter's
 * message, and the driver turns it into HypervisorOperationFailed so that
 * the instance fault names it.
 */
import { HypervisorOperationFailed } from '@novats/core';

/** A vim25 fault from a method call or a task (`faultType` is its xsi:type without `Fault`). */
export class VimFault extends HypervisorOperationFailed {
  constructor(
    readonly faultType: string,
    readonly vimMessage: string,
    readonly method: string,
  ) {
    super(`vSphere ${method} failed: ${faultType}: ${vimMessage}`, faultType);
  }
}

/** True when `err` is a vim25 fault of one of `types`. */
export function isVimFault(err: unknown, ...types: string[]): err is VimFault {
  return err instanceof VimFault && (types.length === 0 || types.includes(err.faultType));
}
