/**
 * Timestamps as every dialect stores them: 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC)
 * in a DATETIME(6) column on MySQL, `timestamp(6) without time zone` on
 * PostgreSQL (read back as text, see postgresql/pg-session.ts) and a
 * text-affinity column on SQLite, so equality and ordering agree on all
 * three; objects carry ISO-8601 strings (UTC).
 */

/** An ISO-8601 time (any offset) as the stored UTC column value; null stays null. */
export function toDbTime(iso: string | null | undefined): string | null {
  if (iso === null || iso === undefined) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new TypeError(`Invalid timestamp '${iso}'`);
  return dateToDb(d);
}

/** The current time as a stored column value. */
export function nowDbTime(): string {
  return dateToDb(new Date());
}

function dateToDb(d: Date): string {
  const s = d.toISOString();
  // NOTE(precision): JS has milliseconds; pad to the microseconds DATETIME(6) keeps.
  return `${s.slice(0, 10)} ${s.slice(11, 23)}000`;
}

/** A stored column value as an ISO-8601 UTC string with milliseconds. */
export function fromDbTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const s = String(value);
  const frac = s.length > 19 ? s.slice(20, 23).padEnd(3, '0') : '000';
  return `${s.slice(0, 10)}T${s.slice(11, 19)}.${frac}Z`;
}

/** fromDbTime for NOT NULL columns. */
export function fromDbTimeRequired(value: unknown): string {
  return fromDbTime(value) ?? new Date(0).toISOString();
}
