/** One JSON request through a session: auth header, microversion header, typed errors. */
import { apiErrorFor, faultOf } from './errors.js';
import type { ServiceType, Session } from './session.js';

export interface CallOptions {
  readonly body?: unknown;
  /** `OpenStack-API-Version: <service> <version>` (and Nova's legacy header). */
  readonly microversion?: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  /** The body's media type when not `application/json` (Glance's JSON patch). */
  readonly contentType?: string;
  /** Bytes sent as they are (image data), instead of a JSON `body`. */
  readonly data?: Uint8Array;
  /** More request headers (Keystone's `X-Subject-Token`). */
  readonly headers?: Record<string, string>;
  /** Sent without the session's token (POST /v3/auth/tokens). */
  readonly anonymous?: boolean;
}

/** An answer with its headers, for the calls whose result is partly a header (a token, a Location). */
export interface Answer<T> {
  readonly body: T;
  readonly status: number;
  readonly headers: Headers;
}

export class HttpClient {
  constructor(
    readonly session: Session,
    private readonly service: ServiceType,
  ) {}

  async call<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    return (await this.answer<T>(method, path, opts)).body;
  }

  async answer<T>(method: string, path: string, opts: CallOptions = {}): Promise<Answer<T>> {
    const base = versioned(this.service, await this.session.endpoint(this.service));
    // NOTE(browser): a same-origin base (the dashboard's `/proxy/compute`) resolves against the page.
    const url = new URL(
      path.startsWith('http') ? path : `${base}${path}`,
      (globalThis as { location?: { href: string } }).location?.href,
    );
    for (const [k, v] of Object.entries(opts.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (!opts.anonymous) headers['x-auth-token'] = await this.session.token();
    if (opts.body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    if (opts.data !== undefined) headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    if (opts.microversion) {
      headers['openstack-api-version'] = `${this.service} ${opts.microversion}`;
      if (this.service === 'compute') headers['x-openstack-nova-api-version'] = opts.microversion;
    }
    const res = await fetch(url, {
      method,
      headers,
      body: opts.data ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: kept as text */
    }
    if (res.status >= 400) {
      throw apiErrorFor(
        res.status,
        faultOf(res.status, body),
        res.headers.get('x-openstack-request-id'),
        method,
        url.toString(),
      );
    }
    return { body: body as T, status: res.status, headers: res.headers };
  }
}

/** Compute's catalog URL is its versioned root (`.../v2.1`, maybe with a project id); a bare root gets `/v2.1`. */
function versioned(service: string, base: string): string {
  if (service !== 'compute' || /\/v2(\.1)?(\/[^/]+)?$/.test(base)) return base;
  return `${base}/v2.1`;
}
