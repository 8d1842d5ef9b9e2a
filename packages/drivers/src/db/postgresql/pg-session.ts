/**
 * Session setup for every PostgreSQL connection knex opens: how column types
 * come back to JavaScript. Set per connection (pg.Client#setTypeParser), not
 * on pg's global registry, so other pg users in the process are unaffected.
 */

/** The structural subset of pg.Client used here. */
interface PgTypedClient {
  setTypeParser(oid: number, parse: (text: string) => unknown): void;
}

/** PostgreSQL type oids (pg_type.oid), stable across server versions. */
const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMP = 1114;

/**
 * NOTE(numbers): bigint (count(*), sum(integer), bigint columns) arrives as a
 * string to avoid precision loss; every value stored here fits a double, and
 * the repositories expect numbers as they get them from the other dialects.
 * NOTE(times): `timestamp without time zone` stays the stored text
 * ('YYYY-MM-DD HH:MM:SS.ffffff', UTC), as mysql2's dateStrings does, instead
 * of becoming a Date read in the process's local time zone.
 */
export function configurePgSession(conn: PgTypedClient): void {
  conn.setTypeParser(INT8, Number);
  conn.setTypeParser(NUMERIC, Number);
  conn.setTypeParser(TIMESTAMP, (text) => text);
}

/** knex pool `afterCreate` hook applying configurePgSession. */
export function afterCreatePgConnection(
  conn: PgTypedClient,
  done: (err: Error | null, conn: unknown) => void,
): void {
  try {
    configurePgSession(conn);
    done(null, conn);
  } catch (err) {
    done(err as Error, conn);
  }
}
