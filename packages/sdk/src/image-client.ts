/**
 * Glance v2 images: request and response types come from the schemas the
 * image service validates with (@novats/core's api-schemas/image), and
 * every request body is checked against its schema before it is sent.
 * Lists follow Glance's `next` links page by page.
 */
import {
  IMAGE_CREATE,
  IMAGE_MEMBER_CREATE,
  IMAGE_MEMBER_UPDATE,
  IMAGE_PATCH,
  type ImageCreate,
  type ImageMembersView,
  type ImageMemberUpdate,
  type ImageMemberView,
  type ImagePatch,
  type ImageSchemaDocument,
  type ImagesView,
  type ImageView,
} from '@novats/core';
import { HttpClient } from './http-client.js';
import type { Session } from './session.js';
import { assertMatches } from './validate.js';

/** An image as GET /v2/images/{id} answers it. */
export type Image = ImageView;

/** The filters of GET /v2/images (`name`, `status`, `visibility`, `owner`, `tag`, `sort`, ...). */
export type ImageQuery = { pageSize?: number } & Record<string, string | number | undefined>;

const JSON_PATCH = 'application/openstack-images-v2.1-json-patch';
const img = (id: string) => `/v2/images/${encodeURIComponent(id)}`;

export class ImageClient {
  readonly #http: HttpClient;
  constructor(session: Session) {
    this.#http = new HttpClient(session, 'image');
  }

  /** Checks `body` against `schema`, then sends it (a bad body is a rejected promise, never a throw). */
  async #send<T>(method: string, path: string, schema: object, body: unknown, contentType?: string) {
    assertMatches(schema, body);
    return this.#http.call<T>(method, path, { body, contentType });
  }

  getImage(id: string): Promise<ImageView> {
    return this.#http.call('GET', img(id));
  }

  async *images(query: ImageQuery = {}): AsyncGenerator<ImageView> {
    const { pageSize, ...filters } = query;
    const params = new URLSearchParams({ limit: String(pageSize ?? 25) });
    for (const [k, v] of Object.entries(filters)) if (v !== undefined) params.set(k, String(v));
    let path: string | null = `/v2/images?${params}`;
    while (path) {
      const page: ImagesView = await this.#http.call('GET', path);
      yield* page.images;
      path = page.next ?? null;
    }
  }

  /** POST /v2/images: a queued image (no data yet); free-form properties are strings. */
  createImage(body: ImageCreate): Promise<ImageView> {
    return this.#send('POST', '/v2/images', IMAGE_CREATE, body);
  }

  /** PATCH /v2/images/{id} with a v2.1 JSON patch (`[{op, path: '/name', value}]`). */
  updateImage(id: string, patch: ImagePatch): Promise<ImageView> {
    return this.#send('PATCH', img(id), IMAGE_PATCH, patch, JSON_PATCH);
  }

  async deleteImage(id: string): Promise<void> {
    await this.#http.call('DELETE', img(id));
  }

  /** PUT /v2/images/{id}/file: the image's data, in one request. */
  async uploadImageData(id: string, data: Uint8Array): Promise<void> {
    await this.#http.call('PUT', `${img(id)}/file`, { data });
  }

  async deactivateImage(id: string): Promise<void> {
    await this.#http.call('POST', `${img(id)}/actions/deactivate`);
  }

  async reactivateImage(id: string): Promise<void> {
    await this.#http.call('POST', `${img(id)}/actions/reactivate`);
  }

  async addTag(id: string, tag: string): Promise<void> {
    await this.#http.call('PUT', `${img(id)}/tags/${encodeURIComponent(tag)}`);
  }

  async removeTag(id: string, tag: string): Promise<void> {
    await this.#http.call('DELETE', `${img(id)}/tags/${encodeURIComponent(tag)}`);
  }

  async members(id: string): Promise<ImageMemberView[]> {
    return (await this.#http.call<ImageMembersView>('GET', `${img(id)}/members`)).members;
  }

  member(id: string, memberId: string): Promise<ImageMemberView> {
    return this.#http.call('GET', `${img(id)}/members/${encodeURIComponent(memberId)}`);
  }

  /** POST …/members: shares the image with a project (the member answers with its status). */
  addMember(id: string, memberId: string): Promise<ImageMemberView> {
    return this.#send('POST', `${img(id)}/members`, IMAGE_MEMBER_CREATE, { member: memberId });
  }

  /** PUT …/members/{member}: the member project accepts, rejects or leaves pending. */
  updateMember(id: string, memberId: string, body: ImageMemberUpdate): Promise<ImageMemberView> {
    return this.#send('PUT', `${img(id)}/members/${encodeURIComponent(memberId)}`, IMAGE_MEMBER_UPDATE, body);
  }

  async removeMember(id: string, memberId: string): Promise<void> {
    await this.#http.call('DELETE', `${img(id)}/members/${encodeURIComponent(memberId)}`);
  }

  /** GET /v2/schemas/{name}: the JSON schema document Glance describes its answers with. */
  schema(name: 'image' | 'images' | 'member' | 'members'): Promise<ImageSchemaDocument> {
    return this.#http.call('GET', `/v2/schemas/${name}`);
  }
}
