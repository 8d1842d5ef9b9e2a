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

/** Shapes one CompiledStatements keeps; a family has a few dozen in practice. */
const MAX_SHAPES = 256;
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
      return client.postProcessResponse(
        client.processResponse(response, { client, builder: null }),
        undefined,
      );
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

/**
 * Statements of one family whose shape varies with the call (which columns an
 * UPDATE sets, how many values an IN list holds): each shape, named by the
 * caller's key, is compiled once per dialect like a single compiledStatement.
 * The key must tell apart every shape `build` can produce for it.
 */
export class CompiledStatements<P extends Params> {
  readonly #byShape = new Map<string, CompiledStatement<P>>();

  run<T = unknown>(db: Knex, shape: string, build: Build<P>, values: P): Promise<T> {
    let statement = this.#byShape.get(shape);
    if (!statement) {
      statement = new CompiledStatement(build);
      // Beyond the bound, a rare shape is compiled for its one run, as knex would.
      if (this.#byShape.size < MAX_SHAPES) this.#byShape.set(shape, statement);
    }
    return statement.run<T>(db, values);
  }
}

/** A statement built once per dialect by `build`, run many times with new values. */
export function compiledStatement<P extends Params>(build: Build<P>): CompiledStatement<P> {
  return new CompiledStatement(build);
}
