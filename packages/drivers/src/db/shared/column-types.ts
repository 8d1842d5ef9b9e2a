/**
 * Column options shared by the API and cell migrations so that one
 * definition gives the same stored format on every dialect.
 */

/**
 * Times are stored as UTC wall-clock text with microseconds: DATETIME(6) on
 * MySQL, `timestamp(6) without time zone` on PostgreSQL (knex's default there
 * is timestamptz, which would shift the text by the session time zone), text
 * affinity on SQLite. `useTz` is ignored by the other dialects.
 */
export const DATETIME6 = { precision: 6, useTz: false } as const;
