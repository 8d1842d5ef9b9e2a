/**
 * Where a console proxy finds the token of a connection, as Nova's
 * websocket proxy does: the `token` query parameter; else inside noVNC's
 * `path` parameter (`path=?token=...`) when a client passes it through;
 * else a `token` cookie (spice-html5 and older noVNC set one).
 */

function fromQuery(query: URLSearchParams): string {
  const direct = query.get('token');
  if (direct) return direct;
  const path = query.get('path');
  if (path?.includes('?')) return new URLSearchParams(path.slice(path.indexOf('?') + 1)).get('token') ?? '';
  return '';
}

function fromCookie(cookie: string | undefined): string {
  for (const part of (cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'token') return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return '';
}

/** The token, or '' when the request carries none. */
export function consoleTokenOf(requestUrl: string, cookie: string | undefined): string {
  const url = new URL(requestUrl, 'http://proxy.invalid');
  return fromQuery(url.searchParams) || fromCookie(cookie);
}
