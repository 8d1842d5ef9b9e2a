/**
 * Nova's certificate subjects: an OpenSSL-style "/C=US/ST=.../CN=%.16s-%.16s-%s"
 * template filled printf-style (%.16s cuts to 16 characters), turned into the
 * RFC 4514 form X.509 libraries take.
 */

/** Fills %s and %.Ns slots in order. */
export function fillSubject(template: string, values: readonly string[]): string {
  let i = 0;
  return template.replace(/%(?:\.(\d+))?s/g, (_m, width: string | undefined) => {
    const v = values[i++] ?? '';
    return width ? v.slice(0, Number(width)) : v;
  });
}

/** "/C=US/O=OpenStack/CN=x" as "C=US, O=OpenStack, CN=x" (values escaped as RFC 4514 asks). */
export function toDistinguishedName(openssl: string): string {
  return openssl
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      const value = part.slice(eq + 1).replace(/([,+"\\<>;])/g, '\\$1');
      return `${part.slice(0, eq)}=${value}`;
    })
    .join(', ');
}

/** Nova's utils.isotime(): seconds precision and a Z. */
export function isoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
