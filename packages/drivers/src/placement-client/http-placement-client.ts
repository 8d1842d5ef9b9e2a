/**
 * The HTTP requester of the placement report client: an undici keep-alive
 * Pool and one token. With a Keystone session the endpoint comes from the
 * catalog on first use and a 401 is retried once with a fresh token
 * (keystoneauth's reauth). HttpPlacementClient is the report client over it.
 */
import { PlacementUnreachable, type RequestContext } from '@novats/core';
import { Pool } from 'undici';
import type { ServiceSession } from '../identity/keystone-session.js';
import { type PlacementClientTuning, PlacementReportClient } from './placement-report-client.js';
import type { PlacementReply, PlacementRequest, PlacementRequester } from './placement-requester.js';

/** A fixed endpoint and token (noauth2 deployments, tests). */
export interface StaticPlacementTarget {
  /** The Placement endpoint, e.g. `http://controller:8778` (a path prefix is kept). */
  readonly endpoint: string;
  /** Sent as `X-Auth-Token` (noauth2: `admin`). */
  readonly token: string;
}

/** A Keystone session (`sessionFromConfig(conf, 'placement')`): endpoint and tokens on demand. */
export interface SessionPlacementTarget {
  readonly session: ServiceSession;
}

export type HttpPlacementClientOptions = (StaticPlacementTarget | SessionPlacementTarget) &
  HttpPlacementTuning;

export interface HttpPlacementTuning extends PlacementClientTuning {
  /** Keep-alive connections in the pool (default 16). */
  readonly connections?: number;
}

interface Target {
  readonly pool: Pool;
  readonly prefix: string;
  readonly origin: string;
}

export class HttpPlacementRequester implements PlacementRequester {
  readonly #session: ServiceSession | undefined;
  readonly #token: string | undefined;
  readonly #connections: number;
  #target: Promise<Target> | undefined;
  #closed = false;

  constructor(opts: (StaticPlacementTarget | SessionPlacementTarget) & { connections?: number }) {
    this.#connections = opts.connections ?? 16;
    if ('session' in opts) {
      this.#session = opts.session;
    } else {
      this.#token = opts.token;
      this.#target = Promise.resolve(this.#connect(opts.endpoint));
    }
  }

  #connect(endpoint: string): Target {
    const url = new URL(endpoint);
    return {
      prefix: url.pathname.replace(/\/+$/, ''),
      origin: url.origin,
      pool: new Pool(url.origin, { connections: this.#connections, pipelining: 1 }),
    };
  }

  /** The pool, created on first use from the session's catalog endpoint; a failed lookup is retried next time. */
  #targetOf(): Promise<Target> {
    this.#target ??= this.#session!.getEndpoint().then(
      (endpoint) => this.#connect(endpoint),
      (err) => {
        this.#target = undefined;
        throw err;
      },
    );
    return this.#target;
  }

  async request(req: PlacementRequest): Promise<PlacementReply> {
    const target = await this.#targetOf();
    for (let attempt = 0; ; attempt++) {
      const token = this.#token ?? (await this.#session!.getToken());
      const reply = await this.#send(target, token, req);
      // NOTE(keystoneauth): a token can be revoked or expire early; renew it once, then report.
      if (reply.status !== 401 || !this.#session || attempt > 0) return reply;
      this.#session.invalidate(token);
    }
  }

  async #send(target: Target, token: string, req: PlacementRequest): Promise<PlacementReply> {
    const ctx: RequestContext = req.ctx;
    const headers: Record<string, string> = {
      'x-auth-token': token,
      'openstack-api-version': `placement ${req.microversion}`,
      accept: 'application/json',
      'x-openstack-request-id': ctx.global_request_id ?? ctx.request_id,
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const res = await target.pool
      .request({
        method: req.method,
        path: `${target.prefix}${req.path}`,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      })
      .catch((err: unknown) => {
        throw unreachableOr(err, target);
      });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  }

  /** Closes the keep-alive connections (none were opened if no request was made). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const target = await this.#target?.catch(() => undefined);
    await target?.pool.close();
  }
}

/**
 * Errors of the connection's set-up, which no request got past: Placement is
 * unreachable (Nova's PlacementAPIConnectFailure) and nothing was done. A
 * failure later in the exchange (a reset mid-reply) is not one of these, as
 * the request may have been applied.
 */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_DESTROYED',
  'UND_ERR_CLOSED',
]);

function unreachableOr(err: unknown, target: Target): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !NOT_CONNECTED.has(code)) return err;
  return new PlacementUnreachable(
    `placement at ${target.origin} is unreachable (${code}); check that placement-api runs and [placement] points at it`,
  );
}

/** The report client over HTTP: what every service uses to reach a Placement API of its own. */
export class HttpPlacementClient extends PlacementReportClient {
  constructor(opts: HttpPlacementClientOptions) {
    super(new HttpPlacementRequester(opts), opts);
  }
}
