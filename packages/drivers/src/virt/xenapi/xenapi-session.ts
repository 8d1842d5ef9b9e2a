/**
 * A XenAPI session over XML-RPC with undici: session.login_with_password
 * at connect, the session reference as every call's first parameter, one
 * re-login when XAPI answers SESSION_INVALID (the pool master restarted or
 * the session expired), and Failure answers as XenApiFailure.
 */
import { HypervisorUnavailable } from '@novats/core';
import { Agent, type Dispatcher, request } from 'undici';
import { XenApiFailure } from './xenapi-errors.js';
import { decodeResponse, encodeCall, type XmlRpcValue } from './xmlrpc-codec.js';

export interface XenApiSessionOptions {
  /** `[xenserver] connection_url`, e.g. `https://xenserver1`. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** For messages: the compute host this session belongs to. */
  readonly host: string;
  readonly timeoutMs?: number;
}

/** XenAPI's API version Novats speaks (`session.login_with_password`'s third parameter). */
export const XENAPI_VERSION = '2.0';

export class XenApiSession {
  readonly #opts: XenApiSessionOptions;
  readonly #dispatcher: Dispatcher;
  #session: string | null = null;

  constructor(opts: XenApiSessionOptions) {
    this.#opts = opts;
    this.#dispatcher = new Agent({
      headersTimeout: opts.timeoutMs ?? 120_000,
      bodyTimeout: opts.timeoutMs ?? 120_000,
    });
  }

  /** The session reference (for HTTP handlers such as export_raw_vdi). */
  get ref(): string {
    if (!this.#session) throw new HypervisorUnavailable(this.#opts.host, 'no XenAPI session yet');
    return this.#session;
  }

  get url(): string {
    return this.#opts.url;
  }

  get dispatcher(): Dispatcher {
    return this.#dispatcher;
  }

  async login(): Promise<void> {
    this.#session = String(
      await this.#rpc('session.login_with_password', [
        this.#opts.username,
        this.#opts.password,
        XENAPI_VERSION,
        'novats',
      ]),
    );
  }

  /** `method(session, ...args)`; the Value of a Success answer. */
  async call<T = XmlRpcValue>(method: string, ...args: XmlRpcValue[]): Promise<T> {
    try {
      return (await this.#rpc(method, [this.ref, ...args])) as T;
    } catch (err) {
      if (!(err instanceof XenApiFailure) || err.errorCode !== 'SESSION_INVALID') throw err;
      await this.login();
      return (await this.#rpc(method, [this.ref, ...args])) as T;
    }
  }

  async logout(): Promise<void> {
    if (this.#session) await this.#rpc('session.logout', [this.#session]).catch(() => {});
    this.#session = null;
    await this.#dispatcher.close();
  }

  async #rpc(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> {
    let text: string;
    try {
      const res = await request(this.#opts.url, {
        method: 'POST',
        dispatcher: this.#dispatcher,
        headers: { 'content-type': 'text/xml' },
        body: encodeCall(method, params),
      });
      text = await res.body.text();
      if (res.statusCode >= 400) {
        throw new XenApiFailure(method, 'INTERNAL_ERROR', [`HTTP ${res.statusCode} from ${this.#opts.url}`]);
      }
    } catch (err) {
      if (err instanceof XenApiFailure) throw err;
      const reason = (err as { code?: string }).code ?? (err as Error).message;
      throw new HypervisorUnavailable(this.#opts.host, `cannot reach XenAPI at ${this.#opts.url}: ${reason}`);
    }
    const answer = decodeResponse(text) as {
      Status?: string;
      Value?: XmlRpcValue;
      ErrorDescription?: string[];
    };
    if (answer.Status === 'Success') return answer.Value ?? '';
    const [code = 'INTERNAL_ERROR', ...rest] = (answer.ErrorDescription ?? []).map(String);
    throw new XenApiFailure(method, code, rest);
  }
}
