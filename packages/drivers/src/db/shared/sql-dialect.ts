/**
 * The SQL dialect behind a knex handle, transaction or query builder, for
 * the few places that must write different SQL per database.
 */

export type SqlDialect = 'sqlite' | 'mysql' | 'postgresql';

interface HasClient {
  readonly client: { readonly dialect?: string };
}

/** 'sqlite' | 'mysql' | 'postgresql' from knex's client dialect name. */
export function sqlDialectOf(q: HasClient): SqlDialect {
  const name = String(q.client.dialect);
  if (name === 'postgresql') return 'postgresql';
  if (name.startsWith('mysql')) return 'mysql';
  return 'sqlite';
}
