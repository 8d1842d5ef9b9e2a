/**
 * Who signed an EC2 request (Nova's ec2 `EC2KeystoneAuth`): the signature
 * (Version 2 in the parameters, Version 4 in the Authorization header or
 * X-Amz-* parameters) and what was signed go to the identity service's
 * /v3/ec2tokens, which holds the secrets and answers with a token for the
 * credential's user and project. Before that, the request's own time must
 * be within `ec2_timestamp_expiry` of ours, and a signature already used in
 * that window is a replay: both refused with AuthFailure.
 */
import { createHash } from 'node:crypto';
import type { Clock, RequestContext } from '@novats/core';
import type { FastifyRequest } from 'fastify';
import { authFailure } from './ec2-errors.js';
import type { Ec2Settings } from './ec2-settings.js';
import type { QueryParams } from './query-params.js';

interface SignedParts {
  readonly access: string;
  readonly signature: string;
  /** When the client signed (ms), or when the request expires, from Timestamp / Expires / X-Amz-Date. */
  readonly signedAt: number | null;
  readonly expiresAt: number | null;
}

/** 20261130T054500Z → ms. */
function amzDate(text: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(text);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : Number.NaN;
}

function signedParts(req: FastifyRequest, params: QueryParams): SignedParts {
  const auth = req.headers.authorization;
  if (auth?.startsWith('AWS4-HMAC-SHA256 ')) {
    const fields = Object.fromEntries(
      auth
        .slice(17)
        .split(',')
        .map((p) => p.trim().split('=') as [string, string]),
    );
    const date = (req.headers['x-amz-date'] as string | undefined) ?? '';
    return {
      access: (fields.Credential ?? '').split('/')[0],
      signature: fields.Signature ?? '',
      signedAt: amzDate(date),
      expiresAt: null,
    };
  }
  if (params['X-Amz-Signature']) {
    const at = amzDate(params['X-Amz-Date'] ?? '');
    const expires = Number(params['X-Amz-Expires'] ?? '0');
    return {
      access: (params['X-Amz-Credential'] ?? '').split('/')[0],
      signature: params['X-Amz-Signature'],
      signedAt: at,
      expiresAt: expires > 0 ? at + expires * 1000 : null,
    };
  }
  const ts = params.Timestamp ? Date.parse(params.Timestamp) : null;
  const expires = params.Expires ? Date.parse(params.Expires) : null;
  return {
    access: params.AWSAccessKeyId ?? '',
    signature: params.Signature ?? '',
    signedAt: ts,
    expiresAt: expires,
  };
}

/** webob's header names (Title-Case), which the identity service's verifier reads. */
function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

export class Ec2Authenticator {
  /** Signatures seen, with when they may be forgotten. */
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly settings: Ec2Settings,
    private readonly clock: Clock,
  ) {}

  async authenticate(
    req: FastifyRequest,
    params: QueryParams,
    rawBody: string,
    requestId: string,
  ): Promise<RequestContext> {
    const parts = signedParts(req, params);
    if (!parts.access) throw authFailure('AWS was not able to validate the provided access credentials');
    if (!parts.signature) throw authFailure('Signature not provided');
    this.#checkTime(parts);
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter((e): e is [string, string] => typeof e[1] === 'string')
        .map(([k, v]) => [titleCase(k), v]),
    );
    const { Signature: _s, ...signedParams } = params;
    const credentials = {
      access: parts.access,
      signature: parts.signature,
      host: req.headers.host ?? '',
      verb: req.method,
      path: req.url.split('?')[0],
      params: signedParams,
      headers,
      body_hash: createHash('sha256').update(rawBody).digest('hex'),
    };
    let res: Response;
    try {
      res = await fetch(this.settings.keystoneEc2Url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ credentials }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      this.#seen.delete(parts.signature);
      throw authFailure(
        `The identity service at ${this.settings.keystoneEc2Url} did not answer: ${String(err)}`,
      );
    }
    if (!res.ok) {
      await res.body?.cancel();
      this.#seen.delete(parts.signature);
      throw authFailure('AWS was not able to validate the provided access credentials');
    }
    const token = ((await res.json()) as { token?: Record<string, any> }).token ?? {};
    const roles: string[] = (token.roles ?? []).map((r: { name: string }) => r.name);
    return {
      request_id: requestId,
      user_id: token.user?.id ?? null,
      project_id: token.project?.id ?? null,
      roles,
      is_admin: roles.includes('admin'),
      auth_token: res.headers.get('x-subject-token'),
      user_name: token.user?.name ?? null,
      project_name: token.project?.name ?? null,
    };
  }

  #checkTime(parts: SignedParts): void {
    const now = this.clock.now();
    const window = this.settings.timestampExpiry * 1000;
    if (parts.expiresAt !== null) {
      if (Number.isNaN(parts.expiresAt) || now > parts.expiresAt) throw authFailure('Signature expired');
    }
    if (parts.signedAt !== null) {
      if (Number.isNaN(parts.signedAt)) throw authFailure('Timestamp failed validation.');
      if (Math.abs(now - parts.signedAt) > window) throw authFailure('Timestamp failed validation.');
    } else if (parts.expiresAt === null) {
      throw authFailure('Timestamp failed validation.');
    }
    for (const [sig, until] of this.#seen) if (until <= now) this.#seen.delete(sig);
    if (this.#seen.has(parts.signature))
      throw authFailure('Signature has already been used (replayed request).');
    // NOTE(replay): taken before the identity service is asked, so two copies sent at once cannot both pass;
    // given back when the identity service refuses it.
    this.#seen.set(parts.signature, now + 2 * window);
  }
}
