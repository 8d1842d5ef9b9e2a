import { openKnex } from '@novats/drivers/db/shared/knex-connection';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/** The connection's prepared statements, by SQL text (the SQLite client's cache). */
async function preparedTexts(db: Knex): Promise<string[]> {
  const connection = await db.client.acquireConnection();
  try {
    return [
      ...((connection as { __novatsStatements?: Map<string, unknown> }).__novatsStatements?.keys() ?? []),
    ];
  } finally {
    await db.client.releaseConnection(connection);
  }
}

describe('SQLite transaction control on the shared connection', () => {
  let test: TestDatabase;
  let db: Knex;

  beforeAll(async () => {
    test = await createTestDatabase('sqlite', 'novats_trxctl');
    db = openKnex(test.url);
    await db.schema.createTable('counters', (t) => {
      t.integer('id').primary();
      t.integer('value').notNullable();
    });
    await db('counters').insert({ id: 1, value: 0 });
  });
  afterAll(async () => {
    await db?.destroy();
    await test?.drop();
  });

  it('commits and rolls back correctly when BEGIN, COMMIT and ROLLBACK are reused', async () => {
    for (let i = 0; i < 5; i++) {
      await db.transaction(async (trx) => {
        await trx('counters').where({ id: 1 }).increment('value', 1);
      });
      await expect(
        db.transaction(async (trx) => {
          await trx('counters').where({ id: 1 }).increment('value', 100);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
    }
    expect((await db('counters').where({ id: 1 }).first('value')).value).toBe(5);
    // Each is prepared once and kept, not prepared and finalized per transaction.
    expect(await preparedTexts(db)).toEqual(expect.arrayContaining(['BEGIN;', 'COMMIT;', 'ROLLBACK']));
  });

  it('keeps a nested transaction (savepoint) working beside the reused statements', async () => {
    await db.transaction(async (trx) => {
      await trx('counters').where({ id: 1 }).update({ value: 10 });
      await expect(
        trx.transaction(async (inner) => {
          await inner('counters').where({ id: 1 }).update({ value: 20 });
          throw new Error('inner rolled back');
        }),
      ).rejects.toThrow('inner rolled back');
    });
    expect((await db('counters').where({ id: 1 }).first('value')).value).toBe(10);
  });
});
