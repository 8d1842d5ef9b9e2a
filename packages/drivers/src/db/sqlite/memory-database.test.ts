/**
 * Named in-memory databases: every handle opened on the URL sees the same
 * rows, the database outlives its handles while its MemoryDatabase holds it,
 * a transaction on one handle holds back the others' statements, and a
 * restore puts the snapshot's rows back.
 */
import knex, { type Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { knexConfig } from '../connection-url.js';
import { MemoryDatabase } from './memory-database.js';

const open: Knex[] = [];
const held: MemoryDatabase[] = [];
function handle(url: string): Knex {
  const db = knex(knexConfig(url));
  open.push(db);
  return db;
}
function memory(): MemoryDatabase {
  const m = new MemoryDatabase();
  held.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
  await Promise.all(held.splice(0).map((m) => m.close()));
});

async function schema(db: Knex): Promise<void> {
  await db.schema.createTable('parents', (t) => {
    t.increments('id');
    t.string('name');
  });
  await db.schema.createTable('children', (t) => {
    t.increments('id');
    t.integer('parent_id').references('parents.id').onDelete('CASCADE');
  });
}

describe('MemoryDatabase', () => {
  it('is one database for every handle opened on its URL, and outlives them while held', async () => {
    const m = memory();
    const first = handle(m.url);
    await schema(first);
    await first('parents').insert({ name: 'a' });
    await first.destroy();
    const second = handle(m.url);
    expect(await second('parents').select('name')).toEqual([{ name: 'a' }]);
    // another name is another database
    const other = handle(memory().url);
    expect(await other.schema.hasTable('parents')).toBe(false);
  });

  it('is gone once neither it nor any handle holds it', async () => {
    const m = new MemoryDatabase('novats-test-gone');
    const db = handle(m.url);
    await schema(db);
    await db.destroy();
    await m.close();
    const again = handle(new MemoryDatabase('novats-test-gone').url);
    expect(await again.schema.hasTable('parents')).toBe(false);
    await again.destroy();
    await new MemoryDatabase('novats-test-gone').close();
  });

  it("holds another handle's statements back while a transaction runs", async () => {
    const m = memory();
    const a = handle(m.url);
    const b = handle(m.url);
    await schema(a);
    const seen: number[] = [];
    let read: Promise<unknown> = Promise.resolve();
    await a.transaction(async (trx) => {
      read = b('parents')
        .count({ n: '*' })
        .first()
        .then((r) => seen.push(Number(r?.n)));
      await trx('parents').insert({ name: 'x' });
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([]);
      await trx('parents').insert({ name: 'y' });
    });
    await read;
    // the read waited for the commit: it saw both rows, never the half-done transaction
    expect(seen).toEqual([2]);
  });

  it('restore() drops every row written since snapshot() and puts changed ones back', async () => {
    const m = memory();
    const db = handle(m.url);
    await schema(db);
    await db('parents').insert([{ name: 'kept' }, { name: 'renamed' }]);
    await db('children').insert({ parent_id: 1 });
    await m.snapshot();
    await db('parents').where({ name: 'renamed' }).update({ name: 'changed' });
    await db('parents').where({ name: 'kept' }).del(); // cascades to the child
    await db('parents').insert({ name: 'new' });
    await m.restore();
    expect(await db('parents').orderBy('id').select('id', 'name')).toEqual([
      { id: 1, name: 'kept' },
      { id: 2, name: 'renamed' },
    ]);
    expect(await db('children').select('parent_id')).toEqual([{ parent_id: 1 }]);
    // foreign keys are enforced again afterwards
    await expect(db('children').insert({ parent_id: 99 })).rejects.toThrow(/FOREIGN KEY/);
    // restoring twice is the same state
    await db('parents').insert({ name: 'again' });
    await m.restore();
    expect(await db('parents').count({ n: '*' }).first()).toEqual({ n: 2 });
  });
});
