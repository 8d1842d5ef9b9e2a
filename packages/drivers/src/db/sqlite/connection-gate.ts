/**
 * Who may use a SQLite connection now: any number of plain statements side
 * by side, or one transaction alone. Statements queue in arrival order, so
 * a waiting transaction is not starved by later statements.
 */
type Waiter = { exclusive: boolean; grant: () => void };

export class ConnectionGate {
  /** The one connection this gate guards, opened on first use. */
  connection: Promise<any> | null = null;
  private shared = 0;
  private exclusive = false;
  private readonly queue: Waiter[] = [];

  enter(exclusive: boolean): Promise<void> {
    if (!this.exclusive && this.queue.length === 0 && (!exclusive || this.shared === 0)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((grant) => this.queue.push({ exclusive, grant }));
  }

  leave(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    this.pump();
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.exclusive = true;
    else this.shared++;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.exclusive) {
      const next = this.queue[0];
      if (next.exclusive && this.shared > 0) return;
      this.queue.shift();
      this.take(next.exclusive);
      next.grant();
    }
  }
}

/** Finalizes the prepared statements cached on a node-sqlite3 connection, then closes it. */
export async function closeConnection(pending: Promise<any> | null): Promise<void> {
  const db = await pending?.catch(() => null);
  if (!db) return;
  for (const stmt of db.__novatsStatements?.values() ?? []) stmt.finalize();
  await new Promise<void>((resolve) => db.close(() => resolve()));
}
