/**
 * A paged collection of the Compute API (`limit`/`marker`, Nova's
 * `<collection>_links` next link): iterate it with `for await` to fetch one
 * page at a time, or `await list.all()` for everything.
 */

/** One page: its items and whether the service said there is a next one. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly hasNext: boolean;
}

export class Paged<T> implements AsyncIterable<T> {
  constructor(
    /** Fetches the page after `marker` (undefined: the first page). */
    private readonly fetchPage: (marker: string | undefined) => Promise<Page<T>>,
    /** The marker an item stands for (its id; a key pair's name). */
    private readonly markerOf: (item: T) => string,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let marker: string | undefined;
    for (;;) {
      const page = await this.fetchPage(marker);
      yield* page.items;
      // NOTE(nova): a full page carries a next link; the last one (or a service without paging) does not.
      if (!page.hasNext || page.items.length === 0) return;
      marker = this.markerOf(page.items[page.items.length - 1]);
    }
  }

  /** Every item, all pages fetched. */
  async all(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }
}

/** Whether a Nova list answer has a `rel: next` link under `<key>_links`. */
export function hasNextLink(body: Record<string, unknown>, key: string): boolean {
  const links = body[`${key}_links`];
  return Array.isArray(links) && links.some((l) => (l as { rel?: string }).rel === 'next');
}
