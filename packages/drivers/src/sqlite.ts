/**
 * `@novats/drivers/sqlite`: the SQL databases on SQLite. The knex layer is
 * shared by every dialect; this entry point imports the optional peer
 * `sqlite3` up front, so that a missing client fails at import, naming the
 * package to install, instead of at the first query.
 */
import 'sqlite3';

export * from './db/index.js';
export { MemoryDatabase } from './db/sqlite/memory-database.js';
