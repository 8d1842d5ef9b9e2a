/**
 * Database connection strings as Nova operators write them (SQLAlchemy URLs)
 * turned into knex configurations:
 *   mysql+pymysql://nova:secret@controller/nova     -> mysql2
 *   sqlite:////var/lib/nova/nova.sqlite              -> sqlite3 (absolute path)
 *   sqlite:///nova.sqlite                            -> sqlite3 (relative path)
 *   sqlite://                                        -> in-memory
 */
import type { Knex } from 'knex';
import { SharedConnectionSqliteClient } from './sqlite/shared-connection-client.js';

export interface ParsedConnection {
  readonly dialect: 'sqlite' | 'mysql';
  /** sqlite: the file path or ':memory:'. */
  readonly filename?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

export function parseConnectionUrl(url: string): ParsedConnection {
  const scheme = url.slice(0, url.indexOf('://'));
  if (!scheme) throw new Error(`Invalid database connection '${url}': expected dialect+driver://...`);
  const dialect = scheme.split('+')[0];
  if (dialect === 'sqlite') {
    const rest = url.slice('sqlite://'.length);
    if (rest === '' || rest === '/' || rest === '/:memory:')
      return { dialect: 'sqlite', filename: ':memory:' };
    // SQLAlchemy: three slashes then a relative path, four for an absolute one.
    return { dialect: 'sqlite', filename: rest.slice(1).split('?')[0] };
  }
  if (dialect === 'mysql' || dialect === 'mariadb') {
    const u = new URL(url.replace(/^[^:]+:/, 'mysql:'));
    return {
      dialect: 'mysql',
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 3306,
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password || ''),
      database: u.pathname.replace(/^\//, '') || undefined,
    };
  }
  throw new Error(`Unsupported database dialect '${dialect}' in '${url}': use sqlite:// or mysql+pymysql://`);
}

/** The same URL with the password replaced, for logs and `list_cells`. */
export function maskConnectionUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@');
}

export function knexConfig(url: string, opts: { pool?: { min: number; max: number } } = {}): Knex.Config {
  const c = parseConnectionUrl(url);
  if (c.dialect === 'sqlite') {
    return {
      client: SharedConnectionSqliteClient as any,
      connection: { filename: c.filename! },
      useNullAsDefault: true,
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
    pool: opts.pool ?? { min: 0, max: 10 },
  };
}
