/**
 * Errors raised while reading nova.conf. Both are start-up errors: a service
 * must refuse to start on a file it cannot read rather than guess, as
 * oslo.config's ConfigFileParseError and ConfigFileValueError do.
 */
import { NovaError } from '../errors/nova-error.js';

/** A line that is not INI (oslo.config's ParseError): the message names the file and line. */
export class ConfigFileParseError extends NovaError {
  readonly code = 'config.parse_error';
  readonly status = 500 as const;
  constructor(
    readonly file: string,
    readonly lineno: number,
    readonly reason: string,
    readonly line: string,
  ) {
    super(`Failed to parse ${file}: at line ${lineno}, ${reason}: '${line}'`);
  }
}

/** A value that does not fit its option's type, bounds or choices, or a broken `$reference`. */
export class ConfigFileValueError extends NovaError {
  readonly code = 'config.invalid_value';
  readonly status = 500 as const;
  constructor(
    readonly group: string,
    readonly option: string,
    readonly reason: string,
  ) {
    super(`Value for option ${option} from group ${group} is not valid: ${reason}`);
  }
}
