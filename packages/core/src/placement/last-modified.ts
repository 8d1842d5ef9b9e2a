/**
 * Placement's Last-Modified rule (util.pick_last_modified): a record is
 * dated by its updated_at, else its created_at; a collection by its newest
 * record. What carries no date (records built by the request itself, empty
 * collections Placement dates "now") is left to the caller to date.
 */

/** The two timestamp columns every Placement table carries. */
export interface RecordTimestamps {
  /** When the row was inserted (null when the store does not know). */
  readonly created_at?: Date | null;
  /** When the row last changed; null when it never did. */
  readonly updated_at?: Date | null;
}

/** updated_at, else created_at; undefined when the record carries neither. */
export function recordModifiedAt(record: RecordTimestamps): Date | undefined {
  return record.updated_at ?? record.created_at ?? undefined;
}

/** The newest date among the records; undefined when none is dated. */
export function newestModifiedAt(records: Iterable<RecordTimestamps>): Date | undefined {
  let newest: Date | undefined;
  for (const r of records) {
    const at = recordModifiedAt(r);
    if (at && (!newest || at.getTime() > newest.getTime())) newest = at;
  }
  return newest;
}
