/**
 * The public APIs as the dashboard calls them, through @novats/sdk's HTTP
 * layer (sessions, microversion headers, typed errors with Nova's fault
 * message) pointed at the dashboard's own origin (`/proxy/<service-type>`).
 */
import { apiErrorFor, faultOf, HttpClient, type OpenStackApiError, TokenSession } from '@novats/sdk/http';
import type { Auth } from './auth';

/** The Compute API microversion every call states. */
export const COMPUTE_MICROVERSION = '2.79';
/** Placement 1.14: nested providers' `parent_provider_uuid`, enough for inventories and usages. */
export const PLACEMENT_MICROVERSION = '1.14';

export class CloudApi {
  readonly #compute: HttpClient;
  readonly #placement: HttpClient;
  readonly #image: HttpClient;
  readonly #identity: HttpClient;

  constructor(readonly auth: Auth) {
    const origin = location.origin;
    const session = new TokenSession(auth.token, {
      compute: `${origin}/proxy/compute`,
      placement: `${origin}/proxy/placement`,
      image: `${origin}/proxy/image`,
      identity: `${origin}/proxy/identity/v3`,
    });
    this.#compute = new HttpClient(session, 'compute');
    this.#placement = new HttpClient(session, 'placement');
    this.#image = new HttpClient(session, 'image');
    this.#identity = new HttpClient(session, 'identity');
  }

  /** Keystone v3 (paths after `/v3`). */
  identity<T = any>(path: string, query?: Query): Promise<T> {
    return this.#identity.call<T>('GET', path, { query });
  }

  compute<T = any>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    return this.#compute.call<T>(method, path, { body, query, microversion: COMPUTE_MICROVERSION });
  }

  placement<T = any>(path: string): Promise<T> {
    return this.#placement.call<T>('GET', path, { microversion: PLACEMENT_MICROVERSION });
  }

  image<T = any>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    return this.#image.call<T>(method, path, { body, query });
  }

  /** Glance's JSON-patch (PATCH /v2/images/{id}), whose media type the JSON call does not send. */
  async patchImage(id: string, ops: object[]): Promise<void> {
    const res = await fetch(`/proxy/image/v2/images/${id}`, {
      method: 'PATCH',
      headers: {
        'x-auth-token': this.auth.token,
        'content-type': 'application/openstack-images-v2.1-json-patch',
        accept: 'application/json',
      },
      body: JSON.stringify(ops),
    });
    if (!res.ok) throw imageError(res.status, await res.text(), 'PATCH', res.url);
  }

  /** PUT /v2/images/{id}/file with upload progress (XHR: fetch reports none). */
  uploadImageData(id: string, file: Blob, onProgress: (fraction: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', `/proxy/image/v2/images/${id}/file`);
      xhr.setRequestHeader('x-auth-token', this.auth.token);
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.setRequestHeader('accept', 'application/json');
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () =>
        xhr.status < 300
          ? resolve()
          : reject(imageError(xhr.status, xhr.responseText, 'PUT', xhr.responseURL));
      xhr.onerror = () => reject(new Error('upload failed: network error'));
      xhr.send(file);
    });
  }
}

/** The typed error (with Glance's message) for an image call made outside HttpClient. */
function imageError(status: number, text: string, method: string, url: string): OpenStackApiError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* webob's plain-text page: kept as text */
  }
  return apiErrorFor(status, faultOf(status, body), null, method, url);
}

export type Query = Record<string, string | number | boolean | undefined>;

/** The message to show for a failed call: Nova's fault message when there is one. */
export function faultMessage(err: unknown): string {
  const e = err as Partial<OpenStackApiError> & Error;
  if (e?.fault?.message) return `${e.fault.message} (HTTP ${e.status})`;
  return e?.message ?? String(err);
}

/** True when a call failed with 404: the route (an extension not deployed yet) or the item is missing. */
export function isNotFound(err: unknown): boolean {
  return (err as { status?: number })?.status === 404;
}
