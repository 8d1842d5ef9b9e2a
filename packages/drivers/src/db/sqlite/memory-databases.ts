/**
 * Named in-memory SQLite databases of this process
 * (`sqlite:///file:NAME?mode=memory&uri=true`, SQLAlchemy's spelling).
 * A `:memory:` database belongs to the connection that opened it, so every
 * knex handle opened on the same name shares one connection and one gate:
 * the database lives while any handle (or a MemoryDatabase) holds it, and
 * vanishes with the last one, as SQLite's shared-cache memory databases do.
 * NOTE(deadlock): unlike files in WAL mode, where a reader never waits, a
 * handle's statement waits here while another handle's transaction on the
 * same database runs; code inside a transaction must therefore not await
 * another handle of its own database (it would wait for itself).
 */
import { ConnectionGate, closeConnection } from './connection-gate.js';

interface Held {
  readonly gate: ConnectionGate;
  holders: number;
}

const held = new Map<string, Held>();

/** The name in a SQLite URI filename `file:NAME?...mode=memory...`, else null. */
export function memoryDatabaseName(filename: string): string | null {
  const m = /^file:([^?]*)\?(.*)$/.exec(filename);
  if (!m || !new URLSearchParams(m[2]).getAll('mode').includes('memory')) return null;
  return decodeURIComponent(m[1]);
}

/** Takes a hold on the named database (creating it on first hold); its gate guards its one connection. */
export function holdMemoryDatabase(name: string): ConnectionGate {
  let entry = held.get(name);
  if (!entry) {
    entry = { gate: new ConnectionGate(), holders: 0 };
    held.set(name, entry);
  }
  entry.holders++;
  return entry.gate;
}

/** Drops a hold; the last one closes the connection, and the database is gone. */
export async function releaseMemoryDatabase(name: string): Promise<void> {
  const entry = held.get(name);
  if (!entry || --entry.holders > 0) return;
  held.delete(name);
  const pending = entry.gate.connection;
  entry.gate.connection = null;
  await closeConnection(pending);
}
