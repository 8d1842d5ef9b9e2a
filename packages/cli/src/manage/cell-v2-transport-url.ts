/**
 * The transport URL of a cell, checked as Nova's `_validate_transport_url`
 * does: taken from `--transport-url`, else from `[DEFAULT] transport_url`
 * (saying so), and parsed so that a typo is caught before it is stored.
 */
import type { ManageContext } from './manage-context.js';

/** `driver://[user:pass@]host[:port][,host2...]/[vhost]`, or `driver:///`. */
function parseError(url: string): string | null {
  const at = url.indexOf('://');
  if (at <= 0 || !/^[a-z][a-z0-9+.-]*$/i.test(url.slice(0, at))) return `No scheme specified in "${url}"`;
  const rest = url.slice(at + 3);
  const netloc = rest.split('/')[0];
  for (const host of netloc ? netloc.split(',') : []) {
    const hostPort = host.slice(host.lastIndexOf('@') + 1);
    const port = hostPort.startsWith('[') ? hostPort.split(']:')[1] : hostPort.split(':')[1];
    if (port !== undefined && port !== '' && !/^\d+$/.test(port)) return `Invalid port in "${url}"`;
  }
  return null;
}

/** The URL when it parses, else prints Nova's message and resolves undefined. */
export function validTransportUrl(ctx: ManageContext, url: string): string | undefined {
  const error = parseError(url);
  if (!error) return url;
  ctx.out(`Invalid transport URL: ${error}`);
  return undefined;
}

/**
 * `--transport-url` or the configured one; prints why and resolves undefined
 * when neither gives a usable URL (the command then exits 1).
 */
export function transportUrlOption(ctx: ManageContext, given: string | undefined): string | undefined {
  if (given) return validTransportUrl(ctx, given);
  const configured = ctx.config.opt('DEFAULT', 'transport_url');
  if (!configured) {
    ctx.out('Must specify --transport-url if [DEFAULT]/transport_url is not set in the configuration file.');
    return undefined;
  }
  ctx.out(
    '--transport-url not provided in the command line, using the value [DEFAULT]/transport_url from the configuration file',
  );
  return validTransportUrl(ctx, configured);
}
