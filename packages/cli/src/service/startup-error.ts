/**
 * A start-up failure found by the command itself (a --config-file that is
 * not there, a command-line value that is not a number): like the
 * composition root's typed errors, it is reported as one line, never with a
 * stack trace.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
