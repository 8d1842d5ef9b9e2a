/**
 * `@novats/drivers/mysql`: the SQL databases on MySQL and MariaDB. The knex layer is
 * shared by every dialect; this entry point imports the optional peer
 * `mysql2` up front, so that a missing client fails at import, naming the
 * package to install, instead of at the first query.
 */
import 'mysql2';

export * from './db/index.js';
