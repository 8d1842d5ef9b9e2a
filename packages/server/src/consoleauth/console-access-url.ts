/**
 * The URL a user opens for a console (Nova's `ConsoleAuthToken.access_url`):
 * noVNC gets the token inside its `path` parameter (noVNC 1.1 dropped the
 * top-level `token`), every other console type as `?token=`.
 */

export function consoleAccessUrl(consoleType: string, base: string, token: string): string {
  const sep = base.includes('?') ? '&' : '?';
  if (consoleType === 'novnc') return `${base}${sep}${new URLSearchParams({ path: `?token=${token}` })}`;
  return `${base}${sep}token=${encodeURIComponent(token)}`;
}
