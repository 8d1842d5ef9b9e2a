/** Errors of the scheduler. */
import { NovaError } from './nova-error.js';

/** Nova's NoValidHost: no host passed the filters or could be claimed. */
export class NoValidHost extends NovaError {
  readonly code = 'scheduler.no_valid_host';
  readonly status = 500 as const;
  constructor(readonly reason: string) {
    super(`No valid host was found. ${reason}`.trim());
  }
}

/** An enabled filter or weigher name that nothing registered (raised at start-up). */
export class SchedulerHostFilterNotFound extends NovaError {
  readonly code = 'scheduler.filter_not_found';
  readonly status = 500 as const;
  constructor(readonly names: readonly string[]) {
    super(`Scheduler Host Filter ${names.join(', ')} could not be found.`);
  }
}
