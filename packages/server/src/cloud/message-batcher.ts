/**
 * Gathers the messages of one event-loop turn for one postMessage, sent
 * from setImmediate (after the turn's I/O callbacks). A message between
 * threads is cheap; waking the receiving thread is not (a futex wake, an
 * inter-processor interrupt on a virtual machine: ~0.1 ms measured), and
 * the all-in-one's services and its placement worker exchange three
 * messages per boot each way.
 */
export class MessageBatcher<T> {
  #batch: T[] = [];
  #scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly post: (batch: readonly T[]) => void) {}

  add(message: T): void {
    this.#batch.push(message);
    this.#scheduled ??= setImmediate(() => this.flush());
  }

  /** Posts what was gathered now (nothing when empty). */
  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    this.post(batch);
  }
}
