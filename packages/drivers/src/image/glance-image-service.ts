/**
 * Images from a real Glance (v2 API, `[glance] api_servers`), through undici.
 * The caller's token is forwarded as X-Auth-Token, so Glance applies its own
 * visibility rules; its image document (properties flattened at the top
 * level) is folded back into ImageMeta.
 */

import { Readable } from 'node:stream';
import {
  type ImageData,
  ImageForbidden,
  type ImageListOptions,
  type ImageMeta,
  ImageNotFound,
  type ImageService,
  ImageSizeLimitExceeded,
  InvalidInput,
  type NewImage,
  type RequestContext,
  ServiceUnavailable,
  type SupportsImageDownload,
  Unauthorized,
} from '@novats/core';
import { type Dispatcher, request } from 'undici';

export interface GlanceImageServiceOptions {
  /** The Glance endpoint, e.g. `http://controller:9292` (the first of `[glance] api_servers`). */
  readonly endpoint: string;
  /** Used when the request context carries no token (service-to-service calls). */
  readonly token?: string;
  /** An undici Pool or Agent to share connections; the global dispatcher otherwise. */
  readonly dispatcher?: Dispatcher;
}

/** Keys of Glance's image document that are not image properties. */
const CORE_KEYS = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'owner',
  'container_format',
  'disk_format',
  'size',
  'virtual_size',
  'min_ram',
  'min_disk',
  'protected',
  'os_hidden',
  'tags',
  'created_at',
  'updated_at',
  'self',
  'file',
  'schema',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'direct_url',
  'locations',
]);

/** Glance's JSON image document as ImageMeta; extra keys become string properties. */
export function imageMetaFromGlance(doc: Record<string, unknown>): ImageMeta {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!CORE_KEYS.has(key) && value !== null && value !== undefined) {
      properties[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return {
    id: String(doc.id),
    name: (doc.name as string | null) ?? '',
    status: doc.status as ImageMeta['status'],
    visibility: doc.visibility as ImageMeta['visibility'],
    owner: (doc.owner as string | null) ?? null,
    container_format: (doc.container_format as string | null) ?? '',
    disk_format: (doc.disk_format as string | null) ?? '',
    size: Number(doc.size ?? 0),
    min_ram: Number(doc.min_ram ?? 0),
    min_disk: Number(doc.min_disk ?? 0),
    properties,
    created_at: String(doc.created_at),
    updated_at: String(doc.updated_at ?? doc.created_at),
  };
}

/** The explanation in Glance's webob fault body (`{"message": "...<br /><br />..."}`), if any. */
function glanceMessage(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message.split('<br />')[0].trim() : undefined;
}

/** A JSON pointer token (RFC 6901): `~` and `/` escaped. */
function pointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class GlanceImageService implements ImageService, SupportsImageDownload {
  readonly #endpoint: string;
  readonly #opts: GlanceImageServiceOptions;

  constructor(opts: GlanceImageServiceOptions) {
    this.#endpoint = opts.endpoint.replace(/\/+$/, '');
    this.#opts = opts;
  }

  async show(ctx: RequestContext, imageId: string): Promise<ImageMeta> {
    const { status, body } = await this.#get(ctx, `/v2/images/${encodeURIComponent(imageId)}`);
    if (status === 404 || status === 403) throw new ImageNotFound(imageId);
    this.#check(status, `GET /v2/images/${imageId}`);
    return imageMetaFromGlance(body as Record<string, unknown>);
  }

  /**
   * GET /v2/images; without a limit, Glance's `next` links are followed to
   * the end (Glance pages by 25 by default), as glanceclient's list does.
   */
  async list(ctx: RequestContext, opts: ImageListOptions = {}): Promise<ImageMeta[]> {
    const query = new URLSearchParams(opts.filters ?? {});
    if (opts.limit !== undefined) query.set('limit', String(opts.limit));
    if (opts.marker !== undefined) query.set('marker', opts.marker);
    let path: string | undefined = `/v2/images${query.size > 0 ? `?${query}` : ''}`;
    const out: ImageMeta[] = [];
    while (path) {
      const { status, body } = await this.#send(ctx, 'GET', path);
      if (status === 400) throw new InvalidInput(`Glance rejected ${path}`);
      this.#check(status, `GET ${path}`);
      const doc = body as { images?: Record<string, unknown>[]; next?: string };
      out.push(...(doc.images ?? []).map(imageMetaFromGlance));
      path = opts.limit === undefined && doc.next && (doc.images ?? []).length > 0 ? doc.next : undefined;
    }
    return out;
  }

  async delete(ctx: RequestContext, imageId: string): Promise<void> {
    const path = `/v2/images/${encodeURIComponent(imageId)}`;
    const { status, body } = await this.#send(ctx, 'DELETE', path);
    if (status === 404) throw new ImageNotFound(imageId);
    if (status === 403)
      throw new ImageForbidden(glanceMessage(body) ?? `Image ${imageId} cannot be deleted.`);
    this.#check(status, `DELETE ${path}`);
  }

  /** Glance's GET /v2/images/{id}/file, streamed (the libvirt driver's image cache reads it). */
  async download(ctx: RequestContext, imageId: string): Promise<{ data: ImageData | null }> {
    const path = `/v2/images/${encodeURIComponent(imageId)}/file`;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.#endpoint}${path}`, {
        method: 'GET',
        headers: this.#headers(ctx, 'application/octet-stream'),
        dispatcher: this.#opts.dispatcher,
      });
    } catch (err) {
      throw new ServiceUnavailable(
        `Connection to glance host ${this.#endpoint} failed: ${(err as Error).message}`,
      );
    }
    if (res.statusCode === 404 || res.statusCode === 403) {
      await res.body.dump();
      throw new ImageNotFound(imageId);
    }
    if (res.statusCode === 204) {
      await res.body.dump();
      return { data: null };
    }
    if (res.statusCode !== 200) await res.body.dump();
    this.#check(res.statusCode, `GET ${path}`);
    return { data: { stream: res.body } };
  }

  async updateProperties(
    ctx: RequestContext,
    imageId: string,
    change: { readonly set?: Readonly<Record<string, string>>; readonly remove?: readonly string[] },
  ): Promise<ImageMeta> {
    const ops = [
      ...(change.remove ?? []).map((key) => ({ op: 'remove', path: `/${pointer(key)}` })),
      ...Object.entries(change.set ?? {}).map(([key, value]) => ({
        op: 'add',
        path: `/${pointer(key)}`,
        value,
      })),
    ];
    const path = `/v2/images/${encodeURIComponent(imageId)}`;
    const { status, body } = await this.#send(ctx, 'PATCH', path, JSON.stringify(ops));
    if (status === 404) throw new ImageNotFound(imageId);
    if (status === 403)
      throw new ImageForbidden(glanceMessage(body) ?? `Not authorized for image ${imageId}.`);
    if (status === 400 || status === 409)
      throw new InvalidInput(glanceMessage(body) ?? `Glance rejected PATCH ${path}`);
    this.#check(status, `PATCH ${path}`);
    return imageMetaFromGlance(body as Record<string, unknown>);
  }

  /** POST /v2/images: a queued record (Glance applies its own ownership and publicize rules). */
  async create(ctx: RequestContext, image: NewImage): Promise<ImageMeta> {
    const { status, body } = await this.#send(ctx, 'POST', '/v2/images', JSON.stringify(image));
    if (status === 403)
      throw new ImageForbidden(glanceMessage(body) ?? 'Glance refused to create the image.');
    if (status === 400 || status === 409)
      throw new InvalidInput(glanceMessage(body) ?? 'Glance rejected the image.');
    this.#check(status, 'POST /v2/images');
    return imageMetaFromGlance(body as Record<string, unknown>);
  }

  /** PUT /v2/images/{id}/file, streamed (Nova's upload of a snapshot's disk). */
  async upload(ctx: RequestContext, imageId: string, data: AsyncIterable<Uint8Array>): Promise<void> {
    const path = `/v2/images/${encodeURIComponent(imageId)}/file`;
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.#endpoint}${path}`, {
        method: 'PUT',
        headers: { ...this.#headers(ctx, 'application/json'), 'content-type': 'application/octet-stream' },
        body: Readable.from(data),
        dispatcher: this.#opts.dispatcher,
      });
    } catch (err) {
      throw new ServiceUnavailable(
        `Connection to glance host ${this.#endpoint} failed: ${(err as Error).message}`,
      );
    }
    const text = await res.body.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    if (res.statusCode === 404) throw new ImageNotFound(imageId);
    if (res.statusCode === 403)
      throw new ImageForbidden(glanceMessage(body) ?? `Not allowed to upload data for image ${imageId}.`);
    if (res.statusCode === 413)
      throw new ImageSizeLimitExceeded(glanceMessage(body) ?? 'The provided image is too large.');
    if (res.statusCode === 400 || res.statusCode === 409)
      throw new InvalidInput(glanceMessage(body) ?? `Glance rejected the data of image ${imageId}.`);
    this.#check(res.statusCode, `PUT ${path}`);
  }

  #get(ctx: RequestContext, path: string): Promise<{ status: number; body: unknown }> {
    return this.#send(ctx, 'GET', path);
  }

  #headers(ctx: RequestContext, accept: string): Record<string, string> {
    const headers: Record<string, string> = { accept };
    const token = ctx.auth_token ?? this.#opts.token;
    if (token) headers['x-auth-token'] = token;
    headers['x-openstack-request-id'] = ctx.global_request_id ?? ctx.request_id;
    return headers;
  }

  async #send(
    ctx: RequestContext,
    method: 'GET' | 'DELETE' | 'PATCH' | 'POST',
    path: string,
    payload?: string,
  ): Promise<{ status: number; body: unknown }> {
    const headers = this.#headers(ctx, 'application/json');
    const contentType =
      method === 'PATCH' ? 'application/openstack-images-v2.1-json-patch' : 'application/json';
    let res: Dispatcher.ResponseData;
    try {
      res = await request(`${this.#endpoint}${path}`, {
        method,
        headers: payload ? { ...headers, 'content-type': contentType } : headers,
        body: payload,
        dispatcher: this.#opts.dispatcher,
      });
    } catch (err) {
      throw new ServiceUnavailable(
        `Connection to glance host ${this.#endpoint} failed: ${(err as Error).message}`,
      );
    }
    const text = await res.body.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.statusCode, body };
  }

  #check(status: number, what: string): void {
    if (status >= 200 && status < 300) return;
    if (status === 401) throw new Unauthorized(`Glance refused the token for ${what}`);
    throw new ServiceUnavailable(`Glance answered ${status} to ${what}`);
  }
}
