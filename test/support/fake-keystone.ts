/**
 * A test double of Keystone's Identity v3 token API on a free loopback port:
 * POST /v3/auth/tokens (password method, project scope by name+domain or id),
 * GET /v3/auth/tokens (validation: X-Auth-Token must be a live token,
 * X-Subject-Token is the one checked; 404 when not valid), DELETE
 * (revocation), and the version document. Tokens carry a configurable
 * catalog; tests can expire or revoke them and read what was issued.
 * Wire shapes follow keystone's api-ref; domain names match case-insensitively
 * as they do on Keystone's MySQL backend ("default" vs "Default").
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeKeystoneUser {
  readonly name: string;
  readonly password: string;
  readonly id?: string;
  /** Domain id (default `default`). */
  readonly domain?: string;
  /** Role names by project name. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
}

export interface FakeKeystoneProject {
  readonly name: string;
  readonly id?: string;
  readonly domain?: string;
}

export interface FakeCatalogEndpoint {
  readonly interface: 'public' | 'internal' | 'admin';
  readonly url: string;
  readonly region?: string;
}

export interface FakeCatalogService {
  readonly type: string;
  readonly name?: string;
  readonly endpoints: readonly FakeCatalogEndpoint[];
}

export interface FakeKeystoneOptions {
  readonly users: readonly FakeKeystoneUser[];
  readonly projects: readonly FakeKeystoneProject[];
  readonly catalog?: readonly FakeCatalogService[];
  /** Token lifetime (default one hour). */
  readonly tokenLifetimeMs?: number;
  /** Clock in ms since the epoch (default Date.now). */
  readonly now?: () => number;
}

/** One issued token as Keystone keeps it. */
export interface IssuedToken {
  readonly token: string;
  readonly userId: string;
  readonly userName: string;
  readonly projectId: string;
  expiresAt: number;
  revoked: boolean;
}

const DOMAINS: Record<string, string> = { default: 'Default' };

type User = Required<FakeKeystoneUser>;
type Project = Required<FakeKeystoneProject>;

export class FakeKeystone {
  /** The unversioned root, like `auth_url = http://controller:5000`. */
  url = '';
  catalog: FakeCatalogService[];
  readonly issued: IssuedToken[] = [];
  /** Bodies of POST /v3/auth/tokens, in order. */
  readonly authRequests: any[] = [];
  /** Number of GET /v3/auth/tokens (validations) served. */
  validations = 0;
  readonly #users: User[];
  readonly #projects: Project[];
  readonly #lifetime: number;
  readonly #now: () => number;
  #server: Server | undefined;

  constructor(opts: FakeKeystoneOptions) {
    this.#users = opts.users.map((u) => ({ id: u.id ?? `u-${u.name}`, domain: 'default', ...u }));
    this.#projects = opts.projects.map((p) => ({ id: p.id ?? `p-${p.name}`, domain: 'default', ...p }));
    this.catalog = [...(opts.catalog ?? [])];
    this.#lifetime = opts.tokenLifetimeMs ?? 3_600_000;
    this.#now = opts.now ?? Date.now;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err) => this.#send(res, 500, error(500, String(err))));
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Issues a token directly (what `openstack token issue` would give that user). */
  issue(userName: string, projectName: string): string {
    const user = this.#users.find((u) => u.name === userName)!;
    const project = this.#projects.find((p) => p.name === projectName)!;
    return this.#issue(user, project).token;
  }

  /** Makes a token expired from now on. */
  expire(token: string): void {
    this.#record(token).expiresAt = this.#now() - 1;
  }

  /** Revokes a token (as DELETE /v3/auth/tokens does). */
  revoke(token: string): void {
    this.#record(token).revoked = true;
  }

  /** Tokens issued to a user, oldest first. */
  tokensOf(userName: string): IssuedToken[] {
    return this.issued.filter((t) => t.userName === userName);
  }

  #record(token: string): IssuedToken {
    const t = this.issued.find((i) => i.token === token);
    if (!t) throw new Error(`no such token ${token}`);
    return t;
  }

  #live(token: string | undefined): IssuedToken | undefined {
    const t = token ? this.issued.find((i) => i.token === token) : undefined;
    return t && !t.revoked && t.expiresAt > this.#now() ? t : undefined;
  }

  #issue(user: User, project: Project): IssuedToken {
    const t: IssuedToken = {
      token: randomBytes(16).toString('hex'),
      userId: user.id,
      userName: user.name,
      projectId: project.id,
      expiresAt: this.#now() + this.#lifetime,
      revoked: false,
    };
    this.issued.push(t);
    return t;
  }

  #tokenBody(t: IssuedToken, withCatalog: boolean) {
    const user = this.#users.find((u) => u.id === t.userId)!;
    const project = this.#projects.find((p) => p.id === t.projectId)!;
    const roles = user.roles[project.name] ?? [];
    return {
      token: {
        methods: ['password'],
        audit_ids: [t.token.slice(0, 22)],
        expires_at: new Date(t.expiresAt).toISOString(),
        issued_at: new Date(t.expiresAt - this.#lifetime).toISOString(),
        is_domain: false,
        user: {
          id: user.id,
          name: user.name,
          domain: { id: user.domain, name: DOMAINS[user.domain] ?? user.domain },
          password_expires_at: null,
        },
        project: {
          id: project.id,
          name: project.name,
          domain: { id: project.domain, name: DOMAINS[project.domain] ?? project.domain },
        },
        roles: roles.map((r) => ({ id: `r-${r}`, name: r })),
        ...(withCatalog
          ? {
              catalog: this.catalog.map((s) => ({
                id: `s-${s.type}`,
                type: s.type,
                name: s.name ?? s.type,
                endpoints: s.endpoints.map((e, i) => ({
                  id: `e-${s.type}-${i}`,
                  interface: e.interface,
                  region: e.region ?? 'RegionOne',
                  region_id: e.region ?? 'RegionOne',
                  url: e.url,
                })),
              })),
            }
          : {}),
      },
    };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/v3' && req.method === 'GET') {
      return this.#send(res, 200, {
        version: { id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${this.url}/v3/` }] },
      });
    }
    if (path !== '/v3/auth/tokens')
      return this.#send(res, 404, error(404, 'The resource could not be found.'));
    const withCatalog = !url.searchParams.has('nocatalog');
    if (req.method === 'POST') return this.#authenticate(res, await readJson(req), withCatalog);
    const caller = this.#live(header(req, 'x-auth-token'));
    if (!caller) return this.#unauthorized(res);
    const subject = header(req, 'x-subject-token');
    const target = this.#live(subject);
    if (!target) return this.#send(res, 404, error(404, `Could not find token: ${subject}.`));
    if (req.method === 'GET') {
      this.validations++;
      return this.#send(res, 200, this.#tokenBody(target, withCatalog), { 'x-subject-token': target.token });
    }
    if (req.method === 'DELETE') {
      target.revoked = true;
      return this.#send(res, 204, undefined);
    }
    return this.#send(res, 405, error(405, 'The method specified is not allowed for this resource.'));
  }

  #authenticate(res: ServerResponse, body: any, withCatalog: boolean): undefined {
    this.authRequests.push(body);
    const identity = body?.auth?.identity;
    if (!identity?.methods?.includes('password')) {
      return this.#send(res, 400, error(400, 'Expecting to find identity in auth.'));
    }
    const u = identity.password?.user ?? {};
    const user = this.#users.find((x) =>
      u.id ? x.id === u.id : x.name === u.name && sameDomain(x.domain, u.domain),
    );
    if (!user || user.password !== u.password) return this.#unauthorized(res);
    const p = body.auth.scope?.project;
    const project = this.#projects.find((x) =>
      p?.id ? x.id === p.id : x.name === p?.name && sameDomain(x.domain, p?.domain),
    );
    if (!project || !(user.roles[project.name]?.length ?? 0)) return this.#unauthorized(res);
    const t = this.#issue(user, project);
    return this.#send(res, 201, this.#tokenBody(t, withCatalog), { 'x-subject-token': t.token });
  }

  #unauthorized(res: ServerResponse): undefined {
    return this.#send(res, 401, error(401, 'The request you have made requires authentication.'), {
      'www-authenticate': `Keystone uri="${this.url}"`,
    });
  }

  #send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): undefined {
    res.writeHead(status, {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }
}

function sameDomain(domainId: string, ref: { id?: string; name?: string } | undefined): boolean {
  if (!ref) return false;
  if (ref.id) return ref.id === domainId;
  return (ref.name ?? '').toLowerCase() === (DOMAINS[domainId] ?? domainId).toLowerCase();
}

function error(code: number, message: string) {
  const titles: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' };
  return { error: { code, message, title: titles[code] ?? 'Error' } };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Starts a fake Keystone; remember to `stop()` it. */
export function startFakeKeystone(opts: FakeKeystoneOptions): Promise<FakeKeystone> {
  return new FakeKeystone(opts).start();
}

/** A port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
