/**
 * Database connection strings as Nova operators write them (SQLAlchemy URLs)
 * turned into knex configurations:
 *   mysql+pymysql://nova:secret@controller/nova     -> mysql2
 *   postgresql://nova:secret@controller:5432/nova   -> pg (also postgresql+psycopg2://, postgres://)
 *   sqlite:////var/lib/nova/nova.sqlite              -> sqlite3 (absolute path)
 *   sqlite:///nova.sqlite                            -> sqlite3 (relative path)
 *   sqlite://                                        -> in-memory (this handle's own)
 *   sqlite:///file:nova?mode=memory&uri=true         -> the named in-memory database `nova`,
 *                                                       shared by this process's handles
 * Anything else is an InvalidDatabaseConnection naming the (masked) string.
 */
import type { Knex } from 'knex';
import { InvalidDatabaseConnection } from './connection-errors.js';
import { afterCreatePgConnection } from './postgresql/pg-session.js';
import type { SqlDialect } from './shared/sql-dialect.js';
import { memoryDatabaseName } from './sqlite/memory-databases.js';
import { SharedConnectionSqliteClient } from './sqlite/shared-connection-client.js';

export interface ParsedConnection {
  readonly dialect: SqlDialect;
  /** sqlite: the file path or ':memory:'. */
  readonly filename?: string;
  /** sqlite: the name of a named in-memory database (filename is then ':memory:'). */
  readonly memoryDatabase?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

/** SQLAlchemy dialect names (before any `+driver`) and the dialect serving them. */
const DIALECTS: Readonly<Record<string, SqlDialect>> = {
  sqlite: 'sqlite',
  mysql: 'mysql',
  mariadb: 'mysql',
  postgresql: 'postgresql',
  postgres: 'postgresql',
};

/** [user[:password]@]host[:port][/database][?query], each part optional. */
const AUTHORITY =
  /^(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._%-]*)(?::(\d{1,5}))?(?:\/([^/?#]*))?(?:\?[^#]*)?$/;

const DEFAULT_PORTS: Readonly<Record<'mysql' | 'postgresql', number>> = { mysql: 3306, postgresql: 5432 };
const DEFAULT_USERS: Readonly<Record<'mysql' | 'postgresql', string>> = {
  mysql: 'root',
  postgresql: 'postgres',
};

export function parseConnectionUrl(url: string): ParsedConnection {
  const invalid = (reason: string) => new InvalidDatabaseConnection(maskConnectionUrl(url), reason);
  const m = /^([A-Za-z][\w.-]*)(?:\+[\w.-]+)?:\/\//.exec(url);
  if (!m) throw invalid('expected dialect[+driver]://...');
  const dialect = DIALECTS[m[1].toLowerCase()];
  if (!dialect) throw invalid(`unsupported database dialect '${m[1]}'`);
  if (dialect === 'sqlite') {
    const rest = url.slice(m[0].length);
    if (rest === '' || rest === '/' || rest === '/:memory:') return { dialect, filename: ':memory:' };
    // SQLAlchemy: three slashes then a relative path, four for an absolute one.
    if (!rest.startsWith('/')) throw invalid('a SQLite path follows three slashes (sqlite:///file)');
    const [path, query = ''] = rest.slice(1).split(/\?(.*)/s);
    const params = new URLSearchParams(query);
    // SQLAlchemy's `uri=true`: the path is a SQLite URI filename, its query SQLite's parameters.
    if (params.get('uri') === 'true' && path.startsWith('file:')) {
      params.delete('uri');
      const name = memoryDatabaseName(`${path}?${params}`);
      if (name !== null) {
        if (name === '') throw invalid('a named in-memory database needs a name (file:NAME?mode=memory)');
        return { dialect, filename: ':memory:', memoryDatabase: name };
      }
    }
    return { dialect, filename: path };
  }
  const a = AUTHORITY.exec(url.slice(m[0].length));
  if (!a) throw invalid('malformed user, password, host, port or database name');
  const [, user, password, host, port, database] = a;
  if (port !== undefined && Number(port) > 65535) throw invalid(`port ${port} is out of range`);
  try {
    return {
      dialect,
      host: host?.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
      port: port ? Number(port) : DEFAULT_PORTS[dialect],
      user: decodeURIComponent(user || DEFAULT_USERS[dialect]),
      password: decodeURIComponent(password ?? ''),
      database: database ? decodeURIComponent(database) : undefined,
    };
  } catch {
    throw invalid('malformed percent-encoding');
  }
}

/** Nova's default cell0 URL: the main database's name with `_cell0` appended. */
export function cell0ConnectionFrom(main: string): string {
  const q = main.indexOf('?');
  const [base, query] = q >= 0 ? [main.slice(0, q), main.slice(q)] : [main, ''];
  return `${base}_cell0${query}`;
}

/** The same URL with the password replaced, for logs and `list_cells`. */
export function maskConnectionUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1****@');
}

export function knexConfig(url: string, opts: { pool?: { min: number; max: number } } = {}): Knex.Config {
  const c = parseConnectionUrl(url);
  if (c.dialect === 'sqlite') {
    return {
      client: SharedConnectionSqliteClient as any,
      connection: {
        filename: c.filename!,
        ...(c.memoryDatabase ? { memoryDatabase: c.memoryDatabase } : {}),
      },
      useNullAsDefault: true,
    };
  }
  const pool = opts.pool ?? { min: 0, max: 10 };
  if (c.dialect === 'postgresql') {
    return {
      client: 'pg',
      connection: { host: c.host, port: c.port, user: c.user, password: c.password, database: c.database },
      pool: { ...pool, afterCreate: afterCreatePgConnection },
    };
  }
  return {
    client: 'mysql2',
    connection: {
      host: c.host,
      port: c.port,
      user: c.user,
      password: c.password,
      database: c.database,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      dateStrings: true,
    },
    pool,
  };
}
