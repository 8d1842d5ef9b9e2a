/**
 * What every identity route uses: the store, the token provider, the role
 * resolver, and the per-request helpers (the caller, links, body parts).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@novats/core';
import type { IdentityStore } from '@novats/drivers';
import type { FastifyRequest } from 'fastify';
import { schemaFailure } from '../http/jsonschema-wording.js';
import { badRequest, unauthorized } from './identity-errors.js';
import type { IdentityPolicy } from './identity-policy.js';
import type { Links } from './identity-views.js';
import type { RoleResolver } from './role-resolver.js';
import type { TokenModel } from './token-model.js';
import type { TokenProvider } from './token-provider.js';

export interface IdentityDeps {
  readonly store: IdentityStore;
  readonly tokens: TokenProvider;
  readonly resolver: RoleResolver;
  readonly log: Logger;
  /** `[credential] auth_ttl` for EC2 signatures, in ms (Keystone: 15 minutes). */
  readonly ec2AuthTtlMs: number;
  /** Keystone's default policy (with the `[oslo_policy]` file's overrides). */
  readonly policy: IdentityPolicy;
}

/** Keystone's ids: uuid4 without dashes. */
export const newId = () => randomUUID().replaceAll('-', '');

/** The validated caller of an authenticated route. */
export function callerOf(req: FastifyRequest): TokenModel {
  const caller = (req as unknown as { caller?: TokenModel }).caller;
  if (!caller) throw unauthorized();
  return caller;
}

/** The service's own base for `links` (from the Host the client used). */
export function baseUrl(req: FastifyRequest): string {
  const proto = (req.headers['x-forwarded-proto'] as string | undefined) ?? 'http';
  return `${proto}://${req.headers.host ?? 'localhost:5000'}`;
}

export function linksOf(req: FastifyRequest): Links {
  const base = `${baseUrl(req)}/v3/`;
  return (path) => ({ self: `${base}${path}` });
}

/** The request URL as Keystone puts it in a list's `links.self`. */
export const selfUrl = (req: FastifyRequest) => `${baseUrl(req)}${req.url}`;

/**
 * Throws Keystone's 400 when `value` does not match `schema` (one of the
 * shared api-schemas/identity members), worded as Keystone's validator
 * words it: `Invalid input for field '<path>': <jsonschema's message>`.
 */
export function validate<T>(schema: object, value: unknown): T {
  const failure = schemaFailure(schema, value);
  if (!failure) return value as T;
  throw badRequest(
    failure.path.length
      ? `Invalid input for field '${failure.path.join('/')}': ${failure.message}`
      : failure.message,
  );
}

/** `body[key]` as an object matching `schema` (the entity's create or update member), or Keystone's 400. */
export function member(req: FastifyRequest, key: string, schema: object): Record<string, any> {
  const body = req.body as Record<string, unknown> | undefined;
  const v = body?.[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw badRequest(`Invalid input for field '${key}': the request body must hold a '${key}' object.`);
  }
  return validate<Record<string, any>>(schema, v);
}

export function query(req: FastifyRequest): Record<string, string | undefined> {
  const q = req.query as Record<string, string | string[] | undefined>;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(q ?? {})) out[k] = Array.isArray(v) ? v[v.length - 1] : v;
  return out;
}

/** Keystone's boolean query values (`true`, `True`, `1`, ...; empty means true). */
export function queryBool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return !['0', 'false', 'f', 'no', 'n', 'off'].includes(v.toLowerCase());
}

/** Splits a body into the known columns and the free-form rest (`extra`). */
export function splitExtra(
  body: Record<string, unknown>,
  known: readonly string[],
): { known: Record<string, unknown>; extra: Record<string, unknown> } {
  const k: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'links' || key === 'id') continue;
    if (known.includes(key)) k[key] = value;
    else extra[key] = value;
  }
  return { known: k, extra };
}

export function requireString(body: Record<string, unknown>, key: string, target: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v.trim() === '') {
    throw badRequest(`Invalid input for field '${key}': expected a non-empty string in ${target}.`);
  }
  return v;
}

export function optionalBool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean')
    throw badRequest(`Invalid input for field '${key}': ${JSON.stringify(v)} is not of type 'boolean'`);
  return v;
}
