import { describe, expect, it } from 'vitest';
import { dbErrorKind } from './db-errors.js';

describe('dbErrorKind', () => {
  it.each([
    { name: 'mysql duplicate', err: { code: 'ER_DUP_ENTRY' }, want: 'duplicate' },
    {
      name: 'sqlite duplicate',
      err: { message: 'UNIQUE constraint failed: flavors.name' },
      want: 'duplicate',
    },
    { name: 'postgresql unique_violation', err: { code: '23505' }, want: 'duplicate' },
    { name: 'mysql foreign key', err: { code: 'ER_ROW_IS_REFERENCED_2' }, want: 'foreign_key' },
    { name: 'postgresql foreign_key_violation', err: { code: '23503' }, want: 'foreign_key' },
    { name: 'sqlite not null', err: { message: 'NOT NULL constraint failed: x.y' }, want: 'not_null' },
    { name: 'postgresql not_null_violation', err: { code: '23502' }, want: 'not_null' },
    { name: 'postgresql deadlock', err: { code: '40P01' }, want: null },
    { name: 'not an object', err: 'boom', want: null },
  ])('$name -> $want', ({ err, want }) => {
    expect(dbErrorKind(err)).toBe(want);
  });
});
