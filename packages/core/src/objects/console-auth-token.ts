/**
 * A console authorization as Nova's cell table `console_auth_tokens` stores
 * it: only the sha256 of the token, bound to one instance's console on one
 * host, valid until `expires` (Unix seconds).
 */
export interface ConsoleAuthTokenRecord {
  /** Hex sha256 of the token; the token itself is never stored. */
  readonly token_hash: string;
  /** `novnc`, `xvpvnc`, `spice-html5`, `serial`, ... */
  readonly console_type: string;
  /** Where the proxy connects (the hypervisor's console address), not the user. */
  readonly host: string;
  readonly port: number;
  readonly internal_access_path: string | null;
  readonly instance_uuid: string;
  /** The proxy URL the token was handed out for; the proxies check the Origin scheme against it. */
  readonly access_url_base: string | null;
  /** Unix time in seconds. */
  readonly expires: number;
}
