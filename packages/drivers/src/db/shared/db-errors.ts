/**
 * Driver errors of sqlite3, mysql2 and pg sorted into the few kinds the
 * repositories translate into Nova errors (duplicate -> Conflict, ...).
 * Anything else is rethrown untouched: it is a bug or an outage.
 */

export type DbErrorKind = 'duplicate' | 'foreign_key' | 'not_null';

/** PostgreSQL SQLSTATEs (pg puts them in `code`). */
const PG_UNIQUE_VIOLATION = '23505';
const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_NOT_NULL_VIOLATION = '23502';

interface DriverError {
  readonly code?: string;
  readonly errno?: number;
  readonly message?: string;
}

/** The kind of constraint a driver error reports, or null for any other error. */
export function dbErrorKind(err: unknown): DbErrorKind | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as DriverError;
  const msg = e.message ?? '';
  if (e.code === 'ER_DUP_ENTRY' || e.code === PG_UNIQUE_VIOLATION || msg.includes('UNIQUE constraint failed'))
    return 'duplicate';
  if (
    e.code === 'ER_NO_REFERENCED_ROW_2' ||
    e.code === PG_FOREIGN_KEY_VIOLATION ||
    e.code === 'ER_ROW_IS_REFERENCED_2' ||
    msg.includes('FOREIGN KEY constraint failed')
  ) {
    return 'foreign_key';
  }
  if (
    e.code === 'ER_BAD_NULL_ERROR' ||
    e.code === PG_NOT_NULL_VIOLATION ||
    msg.includes('NOT NULL constraint failed')
  )
    return 'not_null';
  return null;
}

/** The driver's message, which names the violated column or key. */
export function dbErrorMessage(err: unknown): string {
  return typeof err === 'object' && err !== null ? String((err as DriverError).message ?? '') : '';
}
