import { CompiledStatements, compiledStatement } from '@novats/drivers/db/shared/compiled-statement';
import { dbErrorKind } from '@novats/drivers/db/shared/db-errors';
import { openKnex } from '@novats/drivers/db/shared/knex-connection';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.js';

const insertWidget = compiledStatement<{ name: string; size: number; note: string | null }>((db, p) =>
  db('widgets').insert({ name: p.name, size: p.size, note: p.note }),
);
const widgetByName = compiledStatement<{ name: string }>((db, p) =>
  db('widgets').first('name', 'size', 'note').where({ name: p.name, deleted: 0 }),
);
const widgetsOfSize = compiledStatement<{ size: number }>((db, p) =>
  db('widgets').select('name').where('size', p.size).orderBy('name'),
);
const resize = compiledStatement<{ name: string; size: number; note: string | null }>((db, p) =>
  db('widgets')
    .where({ name: p.name, deleted: 0 })
    .update({ size: p.size, note: p.note, version: db.raw('version + 1') }),
);
const bySizes = new CompiledStatements<Record<string, unknown>>();
function widgetsOfSizes(db: Knex, sizes: readonly number[]): Promise<{ name: string }[]> {
  return bySizes.run(
    db,
    `${sizes.length}`,
    (q, p) =>
      q('widgets')
        .select('name')
        .whereIn(
          'size',
          sizes.map((_, i) => p[`size${i}`] as number),
        )
        .orderBy('name'),
    Object.fromEntries(sizes.map((s, i) => [`size${i}`, s])),
  );
}
const removeWidget = compiledStatement<{ name: string }>((db, p) =>
  db('widgets').where('name', p.name).del(),
);

describe.each(DIALECTS)('compiledStatement on %s', (dialect) => {
  let test: TestDatabase;
  let db: Knex;

  beforeAll(async () => {
    test = await createTestDatabase(dialect, 'novats_compiled');
    db = openKnex(test.url);
    await db.schema.createTable('widgets', (t) => {
      t.increments('id');
      t.string('name', 64).notNullable().unique();
      t.integer('size').notNullable();
      t.string('note', 64).nullable();
      t.integer('version').notNullable().defaultTo(0);
      t.integer('deleted').notNullable().defaultTo(0);
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await test?.drop();
  });

  it('answers as the knex builder of the same statement does', async () => {
    const viaStatement = await insertWidget.run(db, { name: 'a', size: 1, note: null });
    const viaBuilder = await db('widgets').insert({ name: 'b', size: 1, note: 'x' });
    // The insert's answer (ids, or the driver's result on PostgreSQL) has the builder's form.
    expect(typeof viaStatement).toBe(typeof viaBuilder);
    expect(Array.isArray(viaStatement)).toBe(Array.isArray(viaBuilder));

    expect(await widgetByName.run(db, { name: 'a' })).toEqual({ name: 'a', size: 1, note: null });
    expect(await widgetByName.run(db, { name: 'missing' })).toBeUndefined();
    expect(await widgetsOfSize.run(db, { size: 1 })).toEqual([{ name: 'a' }, { name: 'b' }]);

    expect(Number(await resize.run(db, { name: 'b', size: 2, note: null }))).toBe(1);
    expect(Number(await resize.run(db, { name: 'missing', size: 2, note: null }))).toBe(0);
    expect(await db('widgets').first('size', 'note', 'version').where('name', 'b')).toEqual({
      size: 2,
      note: null,
      version: 1,
    });

    expect(Number(await removeWidget.run(db, { name: 'a' }))).toBe(1);
    expect(Number(await removeWidget.run(db, { name: 'a' }))).toBe(0);
  });

  it('compiles each shape of a family under its own key', async () => {
    await insertWidget.run(db, { name: 'small', size: 10, note: null });
    await insertWidget.run(db, { name: 'large', size: 20, note: null });
    expect(await widgetsOfSizes(db, [10])).toEqual([{ name: 'small' }]);
    expect(await widgetsOfSizes(db, [20])).toEqual([{ name: 'large' }]);
    expect(await widgetsOfSizes(db, [10, 20])).toEqual([{ name: 'large' }, { name: 'small' }]);
  });

  it('runs inside a transaction on its connection', async () => {
    await expect(
      db.transaction(async (trx) => {
        await insertWidget.run(trx, { name: 'in-trx', size: 3, note: null });
        expect(await widgetByName.run(trx, { name: 'in-trx' })).toMatchObject({ size: 3 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await widgetByName.run(db, { name: 'in-trx' })).toBeUndefined();
  });

  it("reports the database's errors as the builder does", async () => {
    await insertWidget.run(db, { name: 'dup', size: 1, note: null });
    const err = await insertWidget.run(db, { name: 'dup', size: 1, note: null }).then(
      () => new Error('no error'),
      (e: Error) => e,
    );
    expect(dbErrorKind(err)).toBe('duplicate');
    expect(err.message).toMatch(/widgets/);
  });

  it('refuses values that would change the statement', async () => {
    await expect(widgetsOfSize.run(db, { size: [1, 2] as unknown as number })).rejects.toThrow(TypeError);
    await expect(widgetByName.run(db, {} as { name: string })).rejects.toThrow(/'name'/);
  });
});
