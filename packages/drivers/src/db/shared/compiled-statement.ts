/**
 * A fixed-shape statement whose SQL knex builds once per dialect. Each run
 * binds new values and hands the compiled query straight to the knex client
 * (connection or transaction, driver call, the dialect's response handling),
 * skipping the query builder, the compiler and the runner that otherwise
 * cost more main-thread time than SQLite itself on a single-row statement.
 *
 * The statement is written with the ordinary knex builder; its `p` argument
 * stands in for the values, each `p.name` a placeholder the run replaces:
 *
 *   const heartbeat = compiledStatement<{ id: number; now: string }>((db, p) =>
 *     db('services').where({ id: p.id, deleted: 0 }).update({ updated_at: p.now }));
 *   await heartbeat.run(db, { id: 7, now });
 *
 * Only values that cannot change the statement's shape may be parameters:
 * no arrays (IN lists) or objects (knex serialises JSON when it compiles),
 * which a run refuses, and no `null` compared in a WHERE (knex would have
 * written `IS NULL`; `= NULL` matches nothing), which the caller must avoid.
 */
import type { Knex } from 'knex';

/** A stand-in value that the compiled bindings carry until a run replaces it. */
class Placeholder {
  constructor(readonly name: string) {}
}

interface Template {
  readonly method: string;
  readonly sql: string;
  readonly returning?: unknown;
  readonly output?: (...args: unknown[]) => unknown;
  /** One entry per binding: a placeholder to fill or a constant knex bound itself. */
  readonly bindings: readonly unknown[];
}

type Params = Record<string, unknown>;
type Build<P> = (db: Knex, p: P) => Knex.QueryBuilder;

const PLACEHOLDERS: Params = new Proxy(
  {},
  { get: (_target, name) => (typeof name === 'string' ? new Placeholder(name) : undefined) },
);

export class CompiledStatement<P extends Params> {
  /** Compiled SQL by knex dialect name: the same statement runs on SQLite, MariaDB and PostgreSQL handles. */
  readonly #templates = new Map<string, Template>();

  constructor(private readonly build: Build<P>) {}

  /** Runs the statement on `db` (a knex handle or transaction); resolves as the knex builder would. */
  async run<T = unknown>(db: Knex, values: P): Promise<T> {
    const client = (db as any).client;
    const template = this.#template(db, client.dialect);
    const bindings = template.bindings.map((b) => (b instanceof Placeholder ? bindingOf(values, b.name) : b));
    const connection = await client.acquireConnection();
    try {
      const query = {
        method: template.method,
        sql: template.sql,
        bindings,
        options: {},
        returning: template.returning,
        output: template.output,
      };
      const response = await client.query(connection, query);
      return client.postProcessResponse(client.processResponse(response, { client, builder: null }), undefined);
    } finally {
      await client.releaseConnection(connection);
    }
  }

  #template(db: Knex, dialect: string): Template {
    let template = this.#templates.get(dialect);
    if (!template) {
      const compiled = this.build(db, PLACEHOLDERS as P).toSQL() as any;
      if (Array.isArray(compiled)) throw new Error('A compiled statement must be one SQL statement.');
      template = {
        method: compiled.method,
        sql: compiled.sql,
        returning: compiled.returning,
        output: compiled.output,
        bindings: compiled.bindings,
      };
      this.#templates.set(dialect, template);
    }
    return template;
  }
}

function bindingOf(values: Params, name: string): unknown {
  const v = values[name];
  if (v === undefined || (v !== null && typeof v === 'object' && !(v instanceof Date)))
    throw new TypeError(`Compiled statement parameter '${name}' must be a scalar, got ${v}`);
  return v;
}

/** A statement built once per dialect by `build`, run many times with new values. */
export function compiledStatement<P extends Params>(build: Build<P>): CompiledStatement<P> {
  return new CompiledStatement(build);
}
