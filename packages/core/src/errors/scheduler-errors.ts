/** Errors of the scheduler. */
import { NovaError } from './nova-error.js';

/** Nova's NoValidHost: no host passed the filters or could be claimed. */
export class NoValidHost extends NovaError {
  readonly code = 'scheduler.no_valid_host';
  readonly status = 500 as const;
  /**
   * @param reason what users see after "No valid host was found." (Nova's reason).
   * @param detail the per-filter roll-up for logs and fault details; empty when none.
   */
  constructor(
    readonly reason: string,
    readonly detail = '',
  ) {
    super(`No valid host was found. ${reason}${detail ? ` ${detail}` : ''}`.trim());
  }
}

/** True for a NoValidHost, also one that crossed the bus (its fields travel with it). */
export function isNoValidHost(err: unknown): err is { reason: string; detail?: string; message: string } {
  return (err as { code?: unknown } | null)?.code === 'scheduler.no_valid_host';
}

/** An enabled filter or weigher name that nothing registered (raised at start-up). */
export class SchedulerHostFilterNotFound extends NovaError {
  readonly code = 'scheduler.filter_not_found';
  readonly status = 500 as const;
  constructor(readonly names: readonly string[]) {
    super(`Scheduler Host Filter ${names.join(', ')} could not be found.`);
  }
}
