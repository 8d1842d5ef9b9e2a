/**
 * The XenAPI simulator's object store: every object of every class by its
 * OpaqueRef, records with the XenAPI reference's field names (ints as
 * strings, as XAPI sends them), the event log that event.from reads, and
 * the XenAPI errors it raises (HANDLE_INVALID, ...).
 */
import { randomUUID } from 'node:crypto';

export type Field = string | boolean | number | readonly Field[] | { readonly [k: string]: Field };
export type XenRecord = Record<string, Field>;

/** A XenAPI error: the simulator answers `{Status: 'Failure', ErrorDescription: [code, ...params]}`. */
export class XenApiError extends Error {
  constructor(
    readonly code: string,
    readonly params: readonly string[] = [],
  ) {
    super(`${code} ${params.join(' ')}`);
  }
}

export interface XenEvent {
  readonly id: number;
  readonly timestamp: string;
  readonly class: string;
  readonly operation: 'add' | 'mod' | 'del';
  readonly ref: string;
  readonly snapshot: XenRecord;
}

export class XenStore {
  readonly #objects = new Map<string, Map<string, XenRecord>>();
  readonly #events: XenEvent[] = [];
  #waiters: (() => void)[] = [];

  /** Adds an object of `cls` (XenAPI's spelling: VM, VDI, host, ...); returns its ref. */
  add(cls: string, record: XenRecord): string {
    const ref = `OpaqueRef:${randomUUID()}`;
    const full = { uuid: randomUUID(), ...record };
    this.#table(cls).set(ref, full);
    this.#log(cls, 'add', ref, full);
    return ref;
  }

  /** The record of `ref`; HANDLE_INVALID when `cls` has no such object. */
  get(cls: string, ref: string): XenRecord {
    const record = this.#table(cls).get(ref);
    if (!record) throw new XenApiError('HANDLE_INVALID', [cls, ref]);
    return record;
  }

  has(cls: string, ref: string): boolean {
    return this.#table(cls).has(ref);
  }

  update(cls: string, ref: string, change: XenRecord): XenRecord {
    const next = { ...this.get(cls, ref), ...change };
    this.#table(cls).set(ref, next);
    this.#log(cls, 'mod', ref, next);
    return next;
  }

  remove(cls: string, ref: string): void {
    const record = this.get(cls, ref);
    this.#table(cls).delete(ref);
    this.#log(cls, 'del', ref, record);
  }

  all(cls: string): [string, XenRecord][] {
    return [...this.#table(cls).entries()];
  }

  classes(): string[] {
    return [...this.#objects.keys()];
  }

  get lastEventId(): number {
    return this.#events.at(-1)?.id ?? 0;
  }

  eventsAfter(id: number, classes: readonly string[]): XenEvent[] {
    const names = classes.map((c) => c.toLowerCase());
    const wanted = (c: string) => names.includes('*') || names.includes(c.toLowerCase());
    return this.#events.filter((e) => e.id > id && wanted(e.class));
  }

  /** Resolves on the next change or after `ms`. */
  nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #table(cls: string): Map<string, XenRecord> {
    let table = this.#objects.get(cls);
    if (!table) {
      table = new Map();
      this.#objects.set(cls, table);
    }
    return table;
  }

  #log(cls: string, operation: XenEvent['operation'], ref: string, snapshot: XenRecord): void {
    this.#events.push({
      id: this.lastEventId + 1,
      timestamp: new Date().toISOString(),
      class: cls,
      operation,
      ref,
      snapshot,
    });
    if (this.#events.length > 10_000) this.#events.splice(0, 1000);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
