/**
 * `@novats/drivers/postgres`: the SQL databases on PostgreSQL. The knex layer is
 * shared by every dialect; this entry point imports the optional peer
 * `pg` up front, so that a missing client fails at import, naming the
 * package to install, instead of at the first query.
 */
import 'pg';

export * from './db/index.js';
