/**
 * Typed errors for database connection strings and servers. Both messages
 * carry the URL with its password masked and say what the operator should do;
 * callers match on `code`, never on the text.
 */
import { NovaError } from '@novats/core';

/** The connection string forms this package understands, for error messages. */
export const ACCEPTED_CONNECTION_FORMS =
  'sqlite:///relative/path, sqlite:////absolute/path, sqlite:// (in memory), ' +
  'mysql+pymysql://user:pass@host[:port]/db, postgresql://user:pass@host[:port]/db ' +
  '(also postgresql+psycopg2:// and postgres://)';

/** A `[database] connection`-style string that is malformed or names an unsupported dialect. */
export class InvalidDatabaseConnection extends NovaError {
  readonly code = 'db.invalid_connection';
  readonly status = 500 as const;
  constructor(
    readonly maskedUrl: string,
    reason: string,
  ) {
    super(
      `Invalid database connection '${maskedUrl}': ${reason}. Accepted forms: ${ACCEPTED_CONNECTION_FORMS}`,
    );
  }
}

/** A database server that refused or never answered the connection. */
export class DatabaseServerUnreachable extends NovaError {
  readonly code = 'db.server_unreachable';
  readonly status = 503 as const;
  constructor(
    readonly maskedUrl: string,
    /** The driver's error code (ECONNREFUSED, 28P01, ER_ACCESS_DENIED_ERROR...) or message. */
    readonly reason: string,
  ) {
    super(
      `Cannot reach the database server at ${maskedUrl} (${reason}). ` +
        'Start the server, or check the host, port, user and password in the URL.',
    );
  }
}
