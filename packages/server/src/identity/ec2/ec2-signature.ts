/**
 * AWS request signatures as Keystone checks them for POST /v3/ec2tokens
 * (keystoneclient's Ec2Signer): versions 0, 1 and 2 (the EC2 query API) and
 * 4 (AWS4-HMAC-SHA256, from the Authorization header or X-Amz-* query
 * parameters). The caller (the EC2 API) forwards what it received; the
 * signature is recomputed with the stored secret and compared in constant
 * time, then once more without the port of `host`, as Keystone does for
 * clients that sign the bare hostname.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The `credentials` object of a POST /v3/ec2tokens body. */
export interface Ec2Credentials {
  readonly access: string;
  readonly signature?: string;
  /** `Host` as the client sent it, port included when it sent one. */
  readonly host?: string;
  readonly verb?: string;
  readonly path?: string;
  /** The query (or form) parameters, Signature excluded by the caller. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Request headers (v4 reads `Authorization`, `X-Amz-Date` and the signed headers). */
  readonly headers?: Readonly<Record<string, string>>;
  /** v4: hex SHA-256 of the request body. */
  readonly body_hash?: string;
}

/** Why no signature could be computed (Keystone answers these with 401 too). */
export class Ec2SignatureFormatError extends Error {}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** Python's `quote(value, safe='-_~')`: only unreserved characters stay as they are. */
function awsQuote(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The sorted, encoded query string of versions 2 and 4. */
function canonicalQuery(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${awsQuote(k)}=${awsQuote(str(params[k]))}`)
    .join('&');
}

const hmac = (algo: 'sha1' | 'sha256', key: string | Buffer, msg: string) =>
  createHmac(algo, key).update(msg, 'utf8').digest();

function isV4(creds: Ec2Credentials): boolean {
  const auth = creds.headers?.Authorization;
  if (auth !== undefined) return auth.startsWith('AWS4-HMAC-SHA256');
  return creds.params?.['X-Amz-Algorithm'] === 'AWS4-HMAC-SHA256';
}

function signatureV4(secret: string, creds: Ec2Credentials): string {
  const params = creds.params ?? {};
  const headers = creds.headers ?? {};
  const authHeader = headers.Authorization;
  const authParam = (name: string): string => {
    if (authHeader !== undefined) return (authHeader.split(`${name}=`)[1] ?? '').split(',')[0];
    const v = params[`X-Amz-${name}`];
    if (v === undefined) throw new Ec2SignatureFormatError(`X-Amz-${name} missing`);
    return str(v);
  };
  const date = headers['X-Amz-Date'] ?? (params['X-Amz-Date'] as string | undefined);
  if (typeof date !== 'string') throw new Ec2SignatureFormatError('X-Amz-Date missing');
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase().trim(), str(v).trim()]));
  // NOTE(keystone): Boto < 2.9.3 signed the Host header without its port.
  const stripPort = /^Boto\/2\.[0-9]\.[0-2]/.test(lower.get('user-agent') ?? '');
  const signedHeaders = authParam('SignedHeaders');
  const canonicalHeaders = `${signedHeaders
    .split(';')
    .filter((h) => lower.has(h))
    .map((h) => `${h}:${h === 'host' && stripPort ? lower.get(h)!.split(':')[0] : lower.get(h)}`)
    .join('\n')}\n`;
  const verb = str(creds.verb ?? '').toUpperCase();
  const request = [
    verb,
    str(creds.path ?? ''),
    verb === 'POST' ? '' : canonicalQuery(params),
    canonicalHeaders,
    signedHeaders,
    str(creds.body_hash ?? ''),
  ].join('\n');
  const credential = authParam('Credential').split('/');
  if (credential.length < 5) throw new Ec2SignatureFormatError('malformed credential scope');
  if (!date.startsWith(credential[1])) throw new Ec2SignatureFormatError('Request date mismatch error');
  const toSign = [
    'AWS4-HMAC-SHA256',
    date,
    credential.slice(1).join('/'),
    createHash('sha256').update(request, 'utf8').digest('hex'),
  ].join('\n');
  let key = hmac('sha256', `AWS4${secret}`, credential[1]);
  for (const part of [credential[2], credential[3], 'aws4_request']) key = hmac('sha256', key, part);
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

/**
 * The signature Keystone would expect for these credentials and secret.
 * Throws Ec2SignatureFormatError when the request names no known version
 * or lacks a field the version needs.
 */
export function computeEc2Signature(secret: string, creds: Ec2Credentials, host = creds.host): string {
  const params = creds.params ?? {};
  const version = params.SignatureVersion === undefined ? undefined : str(params.SignatureVersion);
  if (version === '0') {
    return hmac('sha1', secret, str(params.Action ?? '') + str(params.Timestamp ?? '')).toString('base64');
  }
  if (version === '1') {
    const h = createHmac('sha1', secret);
    const lower = (k: string) => k.toLowerCase();
    // NOTE(python): a stable sort on the lowercased name, ties keep their order.
    const keys = Object.keys(params).sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0));
    for (const k of keys) h.update(k, 'utf8').update(str(params[k]), 'utf8');
    return h.digest('base64');
  }
  if (version === '2') {
    // NOTE(keystoneclient): SHA-256 is always used, and SignatureMethod is signed as HmacSHA256 whatever was sent.
    const signed = { ...params, SignatureMethod: 'HmacSHA256' };
    const toSign = `${str(creds.verb ?? '')}\n${str(host ?? '')}\n${str(creds.path ?? '')}\n${canonicalQuery(signed)}`;
    return hmac('sha256', secret, toSign).toString('base64');
  }
  if (isV4(creds)) return signatureV4(secret, creds);
  throw new Ec2SignatureFormatError(
    version === undefined ? 'Unexpected signature format' : `Unknown signature version: ${version}`,
  );
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * True when `creds.signature` matches the secret: as sent, or computed over
 * `host` without its port. False for a missing, wrong or uncomputable
 * signature (all of which Keystone answers with 401).
 */
export function verifyEc2Signature(secret: string, creds: Ec2Credentials): boolean {
  const given = creds.signature;
  if (typeof given !== 'string' || given === '') return false;
  try {
    if (sameText(given, computeEc2Signature(secret, creds))) return true;
    const host = creds.host ?? '';
    if (!host.includes(':')) return false;
    const bare = new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
    return sameText(given, computeEc2Signature(secret, creds, bare));
  } catch {
    return false;
  }
}

/**
 * The request time the signature covers (v1/v2 `Timestamp`, v4 `X-Amz-Date`
 * header or parameter), in ms since the epoch; null when the client signed
 * none (Keystone then skips the age check); NaN when it cannot be read.
 */
export function ec2RequestTime(creds: Ec2Credentials): number | null {
  const raw =
    (creds.params?.Timestamp as string | undefined) ||
    creds.headers?.['X-Amz-Date'] ||
    (creds.params?.['X-Amz-Date'] as string | undefined);
  if (!raw) return null;
  const text = str(raw);
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (basic) return Date.UTC(+basic[1], +basic[2] - 1, +basic[3], +basic[4], +basic[5], +basic[6]);
  // NOTE(oslo): an ISO 8601 time without an offset is UTC.
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`;
  return Date.parse(iso);
}
