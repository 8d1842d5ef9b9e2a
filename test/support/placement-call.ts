/**
 * A one-line request helper for Placement app tests: admin token by default,
 * the microversion header when given, JSON bodies, and the answer with its
 * status, headers, parsed JSON (when it is JSON) and raw text.
 */
import type { PlacementApp } from './placement-app.js';

export type PlacementMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'OPTIONS';

export interface PlacementAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly json: any;
  readonly text: string;
}

export function placementCaller(app: () => PlacementApp) {
  return async (
    method: PlacementMethod,
    url: string,
    mv?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<PlacementAnswer> => {
    const res = await app().inject({
      method,
      url,
      headers: {
        'x-auth-token': 'admin',
        ...(mv ? { 'openstack-api-version': `placement ${mv}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let json: any;
    try {
      json = res.body ? res.json() : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, headers: res.headers, json, text: res.body };
  };
}

/** The `detail` of the first error of a Placement error body. */
export const faultDetail = (r: PlacementAnswer): string => String(r.json?.errors?.[0]?.detail);
