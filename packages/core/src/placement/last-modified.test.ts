import { describe, expect, it } from 'vitest';
import { newestModifiedAt, type RecordTimestamps, recordModifiedAt } from './last-modified.js';

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));

describe('recordModifiedAt', () => {
  it.each<{ name: string; record: RecordTimestamps; want: Date | undefined }>([
    { name: 'updated wins', record: { created_at: at(1), updated_at: at(5) }, want: at(5) },
    { name: 'never updated', record: { created_at: at(1), updated_at: null }, want: at(1) },
    { name: 'undated', record: {}, want: undefined },
  ])('$name', ({ record, want }) => {
    expect(recordModifiedAt(record)).toEqual(want);
  });
});

describe('newestModifiedAt', () => {
  it('picks the newest date of a collection, skipping undated records', () => {
    const records = [{ created_at: at(3) }, { created_at: at(1), updated_at: at(9) }, {}];
    expect(newestModifiedAt(records)).toEqual(at(9));
  });

  it('is undefined for an empty collection', () => {
    expect(newestModifiedAt([])).toBeUndefined();
  });
});
