/**
 * `startCloud()` was asked for something it cannot do (0 hosts, a port
 * already taken). Names the option so the test author knows what to change.
 */
export class CloudOptionError extends Error {
  readonly kind = 'cloud-option-error' as const;
  /** Stable identifier; check it rather than the message. */
  readonly code = 'novats.testing.invalid_option';
  constructor(
    /** The option's path, e.g. `hosts` or `ports.compute`. */
    readonly option: string,
    reason: string,
  ) {
    super(`startCloud(): option ${option}: ${reason}`);
    this.name = 'CloudOptionError';
  }
}
