/**
 * Start-up failures of a service that the operator fixes in nova.conf or in
 * the environment: each names the option and says what is wrong, so that a
 * service exits with one line instead of a stack trace.
 */
import { NovaError } from '@novats/core';

/** An option the service needs is unset or unusable. */
export class InvalidServiceOption extends NovaError {
  readonly code = 'config.invalid_service_option';
  readonly status = 500 as const;
  constructor(
    readonly group: string,
    readonly option: string,
    reason: string,
  ) {
    super(`[${group}] ${option}: ${reason}`);
  }
}

/** A backing service (database, broker, placement) did not answer at start-up. */
export class DependencyUnreachable extends NovaError {
  readonly code = 'config.dependency_unreachable';
  readonly status = 503 as const;
  constructor(
    readonly group: string,
    readonly option: string,
    reason: string,
  ) {
    super(`[${group}] ${option}: ${reason}`);
  }
}
