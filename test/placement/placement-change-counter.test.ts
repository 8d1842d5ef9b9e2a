/**
 * Every placement write transaction bumps the change counter and reports the
 * value it committed (processes compare it with their in-memory index). On
 * MariaDB the value comes back through LAST_INSERT_ID instead of a SELECT.
 */
import { describe, expect, it } from 'vitest';
import { writeTransaction } from '../../packages/drivers/src/db/placement/placement-transaction.js';
import { DIALECTS } from '../support/databases.js';
import { placementStoreFor } from '../support/placement-store.js';

describe.each(DIALECTS)('placement change counter on %s', (dialect) => {
  const fixture = placementStoreFor(dialect);

  const stored = async () =>
    Number((await fixture.store.knex('placement_change_counter').where({ id: 1 }).first('counter')).counter);

  it('reports the counter each write committed, one more each time, concurrent writes apart', async () => {
    const before = await stored();
    const first = await writeTransaction(fixture.store.knex, fixture.store.dialect, async () => 'a');
    expect(first).toEqual({ value: 'a', counter: before + 1 });
    const many = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        writeTransaction(fixture.store.knex, fixture.store.dialect, async () => i),
      ),
    );
    expect(many.map((w) => w.counter).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6].map((n) => before + n));
    expect(await stored()).toBe(before + 6);
  });
});
