/**
 * The one HTTP call path to Keystone: JSON in and out, a timeout, and
 * connection failures turned into KeystoneUnreachable naming the URL and the
 * nova.conf option that points there (keystoneauth's ConnectFailure).
 */
import { ConfigFileValueError } from '@novats/core';
import { KeystoneUnreachable } from './identity-errors.js';

export interface KeystoneReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export interface KeystoneRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** `[group] option` to name when the URL cannot be reached. */
  readonly option: string;
  readonly timeoutMs: number;
}

/** Sends one request; throws KeystoneUnreachable when no HTTP answer comes back. */
export async function keystoneRequest(req: KeystoneRequest): Promise<KeystoneReply> {
  let res: Response;
  try {
    res = await fetch(req.url, {
      method: req.method,
      headers: {
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (err) {
    throw new KeystoneUnreachable(req.url, req.option, failureReason(err, req.timeoutMs));
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body };
}

function failureReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

/**
 * The Identity v3 root for an `auth_url`: kept when it already ends in `/v3`,
 * else `/v3` is appended (keystoneauth's generic plugin discovers v3 the same
 * way on an unversioned URL). v2.0 is gone from Keystone and refused here.
 */
export function identityV3Url(authUrl: string, group: string, option = 'auth_url'): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  if (/\/v3$/.test(trimmed)) return trimmed;
  if (/\/v2(\.0)?$/.test(trimmed)) {
    throw new ConfigFileValueError(
      group,
      option,
      `Identity v2.0 (${authUrl}) is not supported; use a v3 URL`,
    );
  }
  return `${trimmed}/v3`;
}

/** Keystone's `{"error": {"message": ...}}` text, or ''. */
export function keystoneErrorMessage(body: any): string {
  return typeof body?.error?.message === 'string' ? body.error.message : '';
}
