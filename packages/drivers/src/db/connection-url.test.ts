import { isNovaError } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { InvalidDatabaseConnection } from './connection-errors.js';
import { knexConfig, maskConnectionUrl, parseConnectionUrl } from './connection-url.js';

describe('parseConnectionUrl', () => {
  it.each([
    {
      name: 'postgresql with port',
      url: 'postgresql://nova:s3cret@controller:5433/nova',
      want: {
        dialect: 'postgresql',
        host: 'controller',
        port: 5433,
        user: 'nova',
        password: 's3cret',
        database: 'nova',
      },
    },
    {
      name: 'postgresql+psycopg2 without port',
      url: 'postgresql+psycopg2://nova:pw@db.example.org/nova_api',
      want: {
        dialect: 'postgresql',
        host: 'db.example.org',
        port: 5432,
        user: 'nova',
        password: 'pw',
        database: 'nova_api',
      },
    },
    {
      name: 'postgres alias, query ignored',
      url: 'postgres://u:p@127.0.0.1/placement?sslmode=disable',
      want: {
        dialect: 'postgresql',
        host: '127.0.0.1',
        port: 5432,
        user: 'u',
        password: 'p',
        database: 'placement',
      },
    },
    {
      name: 'postgresql server URL without database, percent-encoded password',
      url: 'postgresql://postgres:p%40ss%2Fw@[::1]:5432',
      want: {
        dialect: 'postgresql',
        host: '::1',
        port: 5432,
        user: 'postgres',
        password: 'p@ss/w',
        database: undefined,
      },
    },
    {
      name: 'postgresql defaults',
      url: 'postgresql://',
      want: {
        dialect: 'postgresql',
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        password: '',
        database: undefined,
      },
    },
    {
      name: 'mysql+pymysql with charset',
      url: 'mysql+pymysql://nova:pw@controller/nova?charset=utf8',
      want: {
        dialect: 'mysql',
        host: 'controller',
        port: 3306,
        user: 'nova',
        password: 'pw',
        database: 'nova',
      },
    },
    {
      name: 'mysql server URL with empty password',
      url: 'mysql+pymysql://root:@127.0.0.1:3306',
      want: {
        dialect: 'mysql',
        host: '127.0.0.1',
        port: 3306,
        user: 'root',
        password: '',
        database: undefined,
      },
    },
    {
      name: 'sqlite absolute',
      url: 'sqlite:////var/lib/nova/nova.sqlite',
      want: { dialect: 'sqlite', filename: '/var/lib/nova/nova.sqlite' },
    },
    {
      name: 'sqlite relative',
      url: 'sqlite:///nova.sqlite',
      want: { dialect: 'sqlite', filename: 'nova.sqlite' },
    },
    { name: 'sqlite memory', url: 'sqlite://', want: { dialect: 'sqlite', filename: ':memory:' } },
    {
      name: 'sqlite named memory (SQLAlchemy uri=true)',
      url: 'sqlite:///file:nova_api?mode=memory&cache=shared&uri=true',
      want: { dialect: 'sqlite', filename: ':memory:', memoryDatabase: 'nova_api' },
    },
    {
      name: 'sqlite URI filename of a file',
      url: 'sqlite:///file:/var/lib/nova/nova.sqlite?mode=ro&uri=true',
      want: { dialect: 'sqlite', filename: 'file:/var/lib/nova/nova.sqlite' },
    },
  ])('$name', ({ url, want }) => {
    expect(parseConnectionUrl(url)).toEqual(want);
  });

  it.each([
    { name: 'no scheme', url: 'controller/nova', reason: 'expected dialect[+driver]://' },
    {
      name: 'unsupported dialect',
      url: 'oracle://scott:tiger@db/orcl',
      reason: "unsupported database dialect 'oracle'",
    },
    { name: 'non-numeric port', url: 'postgresql://nova:pw@controller:abc/nova', reason: 'malformed' },
    { name: 'port out of range', url: 'postgresql://nova:pw@controller:70000/nova', reason: 'out of range' },
    { name: 'nested path', url: 'postgresql+psycopg2://nova:pw@controller/a/b', reason: 'malformed' },
    {
      name: 'bad percent-encoding',
      url: 'mysql+pymysql://nova:%zz@controller/nova',
      reason: 'percent-encoding',
    },
    { name: 'sqlite without third slash', url: 'sqlite://nova.sqlite', reason: 'three slashes' },
    {
      name: 'sqlite unnamed memory URI',
      url: 'sqlite:///file:?mode=memory&uri=true',
      reason: 'needs a name',
    },
  ])('rejects $name with a typed error naming the masked string', ({ url, reason }) => {
    let caught: unknown;
    try {
      parseConnectionUrl(url);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidDatabaseConnection);
    expect(isNovaError(caught)).toBe(true);
    const err = caught as InvalidDatabaseConnection;
    expect(err.code).toBe('db.invalid_connection');
    expect(err.message).toContain(maskConnectionUrl(url));
    expect(err.message).toContain(reason);
    expect(err.message).toContain('postgresql://user:pass@host[:port]/db');
    expect(err.message).toContain('mysql+pymysql://');
  });

  it('never shows the password of a rejected string', () => {
    expect(() => parseConnectionUrl('postgresql://nova:hunter2@controller:99999/nova')).toThrow(
      /postgresql:\/\/nova:\*\*\*\*@controller:99999\/nova/,
    );
    expect(() => parseConnectionUrl('postgresql://nova:hunter2@controller:99999/nova')).not.toThrow(
      /hunter2/,
    );
  });
});

describe('maskConnectionUrl', () => {
  it.each([
    ['postgresql+psycopg2://nova:secret@controller/nova', 'postgresql+psycopg2://nova:****@controller/nova'],
    ['rabbit://guest:secret@controller', 'rabbit://guest:****@controller'],
    ['sqlite:////var/lib/nova/nova.sqlite', 'sqlite:////var/lib/nova/nova.sqlite'],
    ['none:///', 'none:///'],
  ])('%s -> %s', (url, want) => {
    expect(maskConnectionUrl(url)).toBe(want);
  });
});

describe('knexConfig', () => {
  it('opens PostgreSQL URLs with the pg client and a session hook', () => {
    const config = knexConfig('postgresql+psycopg2://nova:pw@controller:5433/nova', {
      pool: { min: 0, max: 3 },
    });
    expect(config.client).toBe('pg');
    expect(config.connection).toEqual({
      host: 'controller',
      port: 5433,
      user: 'nova',
      password: 'pw',
      database: 'nova',
    });
    expect(config.pool).toMatchObject({ min: 0, max: 3 });
    expect(typeof config.pool?.afterCreate).toBe('function');
  });

  it('turns bigint and numeric into numbers and keeps timestamps as stored text', () => {
    const parsers = new Map<number, (s: string) => unknown>();
    const done = (err: Error | null) => expect(err).toBeNull();
    knexConfig('postgres://h/db').pool!.afterCreate!(
      { setTypeParser: (oid: number, fn: (s: string) => unknown) => parsers.set(oid, fn) },
      done,
    );
    expect(parsers.get(20)!('42')).toBe(42);
    expect(parsers.get(1700)!('1.5')).toBe(1.5);
    expect(parsers.get(1114)!('2024-05-01 10:00:00.123456')).toBe('2024-05-01 10:00:00.123456');
  });
});
