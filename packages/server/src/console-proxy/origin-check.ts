/**
 * Nova's Origin check of console websockets: a browser's `Origin` must name
 * this host (the `Host` header) or one of `[console] allowed_origins`, and
 * its scheme (or `X-Forwarded-Proto`) must match the scheme of the URL the
 * token was handed out for (http with ws, https with wss). No Origin means
 * a client that is not a browser, which is allowed.
 */

/** The hostname of a Host header value (`host:port`, `[v6]:port`). */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.split(':')[0];
}

/** Null when allowed, else Nova's reason. */
export function originRefusal(
  headers: { readonly origin?: string; readonly host?: string; readonly 'x-forwarded-proto'?: string },
  allowedOrigins: readonly string[],
  accessUrlBase: string | null,
): string | null {
  if (headers.origin === undefined) return null;
  let origin: URL;
  try {
    origin = new URL(headers.origin);
  } catch {
    return 'Origin header not valid.';
  }
  const hostname = origin.hostname.replace(/^\[|\]$/g, '');
  const scheme = headers['x-forwarded-proto'] ?? origin.protocol.replace(/:$/, '');
  if (hostname === '' || scheme === '') return 'Origin header not valid.';
  const expected = [...allowedOrigins, ...(headers.host ? [hostnameOf(headers.host)] : [])];
  if (!expected.includes(hostname)) return 'Origin header does not match this host.';
  if (accessUrlBase === null) return 'No access_url_base in connect_info. Cannot validate protocol';
  const baseScheme = new URL(accessUrlBase).protocol.replace(/:$/, '');
  const schemes = [baseScheme, ...(baseScheme === 'ws' ? ['http'] : baseScheme === 'wss' ? ['https'] : [])];
  if (!schemes.includes(scheme)) return 'Origin header protocol does not match this host.';
  return null;
}
