/**
 * Remembers derived data (the role table, implied roles, the catalog's rows)
 * until the identity store is written through this process or for at most
 * one second, which bounds how stale a write by another identity process
 * can leave it. Logins and validations then skip the queries for data that
 * almost never changes.
 */
import type { IdentityStore } from '@novats/drivers';

const MAX_AGE_MS = 1000;

export class GenerationMemo {
  readonly #entries = new Map<string, { value: Promise<unknown>; generation: number; at: number }>();

  constructor(
    private readonly store: IdentityStore,
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === this.store.generation && now - hit.at < MAX_AGE_MS)
      return hit.value as Promise<T>;
    const value = load();
    this.#entries.set(key, { value, generation: this.store.generation, at: now });
    value.catch(() => this.#entries.delete(key));
    return value;
  }
}
