/** Glance v2 images, following its `next` links page by page. */
import { HttpClient } from './http-client.js';
import type { Session } from './session.js';

export interface Image {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly visibility: string;
  readonly disk_format?: string | null;
  readonly size?: number | null;
}

export class ImageClient {
  readonly #http: HttpClient;
  constructor(session: Session) {
    this.#http = new HttpClient(session, 'image');
  }

  async getImage(id: string): Promise<Image> {
    return this.#http.call<Image>('GET', `/v2/images/${encodeURIComponent(id)}`);
  }

  async *images(query: { pageSize?: number } = {}): AsyncGenerator<Image> {
    let path: string | null = `/v2/images?limit=${query.pageSize ?? 25}`;
    while (path) {
      const page: { images: Image[]; next?: string } = await this.#http.call('GET', path);
      yield* page.images;
      path = page.next ?? null;
    }
  }
}
