/**
 * Nova's Compute API. The client is pinned to a microversion (`2.1` unless
 * told): the request and response types follow it, and every request body
 * is checked against the schema nova-api validates with (@novats/core's
 * api-schemas) before it is sent.
 */
import {
  AGGREGATE_ADD_HOST,
  AGGREGATE_CREATE,
  AGGREGATE_IMAGES,
  AGGREGATE_REMOVE_HOST,
  AGGREGATE_SET_METADATA,
  AGGREGATE_UPDATE,
  type AggregateActionBodies,
  type AggregateCreate,
  type AggregateImages,
  type AggregateUpdate,
  type AggregateView,
  type AtLeast,
  FLAVOR_UPDATE_V2_55,
  type FlavorCreate,
  type FlavorView,
  flavorCreateSchemaFor,
  type KeypairCreate,
  type KeypairView,
  keypairCreateSchemaFor,
  type RemoteConsole,
  type RemoteConsoleCreate,
  remoteConsoleSchemaFor,
  type ServerActionBodies,
  type ServerActionName,
  type ServerActionResult,
  type ServerCreate,
  type ServerCreated,
  type ServerUpdate,
  type ServerView,
  serverActionSchemaFor,
  serverCreateBodySchemaFor,
  serverUpdateSchemaFor,
} from '@novats/core';
import { NotFound } from './errors.js';
import { HttpClient } from './http-client.js';
import { hasNextLink, Paged } from './paging.js';
import { pollUntil, type WaitOptions } from './server-wait.js';
import type { Session } from './session.js';
import { assertMatches } from './validate.js';

/** A server by id, or anything with its id (what createServer answers, a ServerView). */
export type ServerRef = string | { readonly id: string };

type Query = Record<string, string | number | undefined>;

const AGGREGATE_ACTIONS = {
  add_host: AGGREGATE_ADD_HOST,
  remove_host: AGGREGATE_REMOVE_HOST,
  set_metadata: AGGREGATE_SET_METADATA,
} as const;

const idOf = (s: ServerRef) => encodeURIComponent(typeof s === 'string' ? s : s.id);

export class ComputeClient<V extends string = '2.1'> {
  readonly #http: HttpClient;

  constructor(
    session: Session,
    /** The microversion every call states. */
    readonly microversion: V = '2.1' as V,
  ) {
    this.#http = new HttpClient(session, 'compute');
  }

  /** The same client at another microversion. */
  at<W extends string>(microversion: W): ComputeClient<W> {
    return new ComputeClient(this.#http.session, microversion);
  }

  #call<T>(method: string, path: string, body?: unknown, query?: Query) {
    return this.#http.call<T>(method, path, { body, microversion: this.microversion, query });
  }

  /** A paged list: `key` is the collection's name in the answer, `markerOf` what `marker` takes. */
  #paged<W, T = W>(
    path: string,
    key: string,
    query: Query,
    pageSize: number | undefined,
    markerOf: (t: T) => string,
    unwrap: (w: W) => T = (w) => w as unknown as T,
  ) {
    return new Paged<T>(async (marker) => {
      const body = await this.#call<Record<string, unknown>>('GET', path, undefined, {
        ...query,
        limit: pageSize,
        marker,
      });
      return { items: (body[key] as W[]).map(unwrap), hasNext: hasNextLink(body, key) };
    }, markerOf);
  }

  // Servers

  /** POST /servers; `server` is checked against this microversion's schema first. */
  async createServer(
    server: ServerCreate<V>,
    schedulerHints?: Record<string, unknown>,
  ): Promise<ServerCreated> {
    const body = { server, ...(schedulerHints ? { 'os:scheduler_hints': schedulerHints } : {}) };
    assertMatches(serverCreateBodySchemaFor(this.microversion), body);
    return (await this.#call<{ server: ServerCreated }>('POST', '/servers', body)).server;
  }

  async getServer(server: ServerRef): Promise<ServerView<V>> {
    return (await this.#call<{ server: ServerView<V> }>('GET', `/servers/${idOf(server)}`)).server;
  }

  /** PUT /servers/{id}: name, access IPs, description (2.19), hostname (2.90). */
  async updateServer(server: ServerRef, update: ServerUpdate<V>): Promise<ServerView<V>> {
    const body = { server: update };
    assertMatches(serverUpdateSchemaFor(this.microversion), body);
    return (await this.#call<{ server: ServerView<V> }>('PUT', `/servers/${idOf(server)}`, body)).server;
  }

  async deleteServer(server: ServerRef): Promise<void> {
    await this.#call('DELETE', `/servers/${idOf(server)}`);
  }

  /** Every server (GET /servers/detail) with Nova's filters, `pageSize` at a time, following the marker. */
  servers(
    query: { pageSize?: number; [filter: string]: string | number | undefined } = {},
  ): Paged<ServerView<V>> {
    const { pageSize = 100, ...filters } = query;
    return this.#paged('/servers/detail', 'servers', filters, pageSize, (s) => s.id);
  }

  /**
   * Polls the server until it has `status`; rejects with ServerFailed
   * (carrying the server's fault) when it lands in ERROR instead, with
   * WaitTimeout when time runs out.
   */
  async waitFor(server: ServerRef, status: string, opts: WaitOptions = {}): Promise<ServerView<V>> {
    const id = typeof server === 'string' ? server : server.id;
    const got = await pollUntil(`server ${id} to be ${status}`, () => this.getServer(id), status, opts);
    return got as ServerView<V>;
  }

  /** Polls until GET answers 404 (the server is deleted); ServerFailed if it goes to ERROR instead. */
  async waitForDeleted(server: ServerRef, opts: WaitOptions = {}): Promise<void> {
    const id = typeof server === 'string' ? server : server.id;
    const poll = () =>
      this.getServer(id).catch((err) => {
        if (err instanceof NotFound) return null;
        throw err;
      });
    await pollUntil(`server ${id} to be deleted`, poll, null, opts);
  }

  // Server actions

  /**
   * POST /servers/{id}/action with `{[name]: body}`, checked against the
   * action's schema at this microversion first: `action(s, 'reboot', {type: 'HARD'})`,
   * `action(s, 'os-stop', null)`. Answers what the action answers (see ServerActionResult).
   */
  async action<K extends ServerActionName>(
    server: ServerRef,
    name: K,
    body: ServerActionBodies<V>[K],
  ): Promise<ServerActionResult<V, K>> {
    const full = { [name]: body };
    const schema = serverActionSchemaFor(name, this.microversion);
    if (schema) assertMatches(schema, full);
    const answer = await this.#call<ServerActionResult<V, K> | null>(
      'POST',
      `/servers/${idOf(server)}/action`,
      full,
    );
    return (answer ?? undefined) as ServerActionResult<V, K>;
  }

  stop(server: ServerRef) {
    return this.action(server, 'os-stop', null);
  }
  start(server: ServerRef) {
    return this.action(server, 'os-start', null);
  }
  reboot(server: ServerRef, type: ServerActionBodies<V>['reboot']['type'] = 'SOFT') {
    return this.action(server, 'reboot', { type });
  }
  pause(server: ServerRef) {
    return this.action(server, 'pause', null);
  }
  unpause(server: ServerRef) {
    return this.action(server, 'unpause', null);
  }
  suspend(server: ServerRef) {
    return this.action(server, 'suspend', null);
  }
  resume(server: ServerRef) {
    return this.action(server, 'resume', null);
  }
  /** Lock; `{locked_reason}` from 2.73 (before, the body must be null). */
  lock(server: ServerRef, body: ServerActionBodies<V>['lock'] = null as ServerActionBodies<V>['lock']) {
    return this.action(server, 'lock', body);
  }
  unlock(server: ServerRef) {
    return this.action(server, 'unlock', null);
  }
  /** Rescue; answers `{adminPass}`. */
  rescue(server: ServerRef, body: ServerActionBodies<V>['rescue'] = null) {
    return this.action(server, 'rescue', body);
  }
  unrescue(server: ServerRef) {
    return this.action(server, 'unrescue', null);
  }
  /** Resize to another flavor; the server goes to VERIFY_RESIZE, then confirmResize or revertResize. */
  resize(server: ServerRef, flavorRef: string | number, diskConfig?: 'AUTO' | 'MANUAL') {
    return this.action(server, 'resize', {
      flavorRef,
      ...(diskConfig ? { 'OS-DCF:diskConfig': diskConfig } : {}),
    });
  }
  confirmResize(server: ServerRef) {
    return this.action(server, 'confirmResize', null);
  }
  revertResize(server: ServerRef) {
    return this.action(server, 'revertResize', null);
  }
  /** Rebuild from an image; answers the server (with `adminPass`). */
  rebuild(server: ServerRef, body: ServerActionBodies<V>['rebuild']) {
    return this.action(server, 'rebuild', body);
  }
  shelve(server: ServerRef) {
    return this.action(server, 'shelve', null);
  }
  shelveOffload(server: ServerRef) {
    return this.action(server, 'shelveOffload', null);
  }
  /** Unshelve; an availability zone from 2.77, a host from 2.91 (before, the body must be null). */
  unshelve(
    server: ServerRef,
    body: ServerActionBodies<V>['unshelve'] = null as ServerActionBodies<V>['unshelve'],
  ) {
    return this.action(server, 'unshelve', body);
  }
  /** Snapshot the server into an image (answers `{image_id}` from 2.45). */
  createImage(server: ServerRef, body: ServerActionBodies<V>['createImage']) {
    return this.action(server, 'createImage', body);
  }
  /** The tail of the console log (`length` lines; all of it when omitted). */
  async consoleOutput(server: ServerRef, length?: number): Promise<string> {
    const body = length === undefined ? {} : { length };
    return (await this.action(server, 'os-getConsoleOutput', body)).output;
  }

  /** POST /servers/{id}/remote-consoles (2.6+; mks/webmks from 2.8): a console URL. */
  async createRemoteConsole(server: ServerRef, console: RemoteConsoleCreate<V>): Promise<RemoteConsole> {
    const body = { remote_console: console };
    const schema = remoteConsoleSchemaFor(this.microversion);
    if (schema) assertMatches(schema, body);
    const path = `/servers/${idOf(server)}/remote-consoles`;
    return (await this.#call<{ remote_console: RemoteConsole }>('POST', path, body)).remote_console;
  }

  // Flavors

  /** GET /flavors/detail, `pageSize` at a time (`await flavors().all()` for the list). */
  flavors(
    query: { pageSize?: number; [filter: string]: string | number | undefined } = {},
  ): Paged<FlavorView<V>> {
    const { pageSize, ...filters } = query;
    return this.#paged('/flavors/detail', 'flavors', filters, pageSize, (f) => f.id);
  }

  async getFlavor(id: string): Promise<FlavorView<V>> {
    return (await this.#call<{ flavor: FlavorView<V> }>('GET', `/flavors/${encodeURIComponent(id)}`)).flavor;
  }

  /** POST /flavors (admin); `description` from 2.55. */
  async createFlavor(flavor: FlavorCreate<V>): Promise<FlavorView<V>> {
    const body = { flavor };
    assertMatches(flavorCreateSchemaFor(this.microversion), body);
    return (await this.#call<{ flavor: FlavorView<V> }>('POST', '/flavors', body)).flavor;
  }

  /** PUT /flavors/{id} (2.55+): the description is all that changes. */
  async updateFlavor(id: string, description: string | null): Promise<FlavorView<V>> {
    const body = { flavor: { description } };
    assertMatches(FLAVOR_UPDATE_V2_55, body);
    const path = `/flavors/${encodeURIComponent(id)}`;
    return (await this.#call<{ flavor: FlavorView<V> }>('PUT', path, body)).flavor;
  }

  async deleteFlavor(id: string): Promise<void> {
    await this.#call('DELETE', `/flavors/${encodeURIComponent(id)}`);
  }

  // Key pairs

  /** The caller's key pairs (another user's with `userId`, 2.10+), paged from 2.35. */
  keypairs(query: { pageSize?: number; userId?: string } = {}): Paged<KeypairView<V>> {
    // NOTE(nova): the list wraps each key pair: `{"keypairs": [{"keypair": {...}}]}`.
    return this.#paged<{ keypair: KeypairView<V> }, KeypairView<V>>(
      '/os-keypairs',
      'keypairs',
      { user_id: query.userId },
      query.pageSize,
      (k) => k.name,
      (k) => k.keypair,
    );
  }

  /** Import (`public_key`) or generate a key pair; a generated one answers its `private_key`. */
  async createKeypair(keypair: KeypairCreate<V>): Promise<KeypairView<V>> {
    const body = { keypair };
    assertMatches(keypairCreateSchemaFor(this.microversion), body);
    return (await this.#call<{ keypair: KeypairView<V> }>('POST', '/os-keypairs', body)).keypair;
  }

  async getKeypair(name: string): Promise<KeypairView<V>> {
    const path = `/os-keypairs/${encodeURIComponent(name)}`;
    return (await this.#call<{ keypair: KeypairView<V> }>('GET', path)).keypair;
  }

  async deleteKeypair(name: string): Promise<void> {
    await this.#call('DELETE', `/os-keypairs/${encodeURIComponent(name)}`);
  }

  // Host aggregates (admin)

  async aggregates(): Promise<AggregateView<V>[]> {
    return (await this.#call<{ aggregates: AggregateView<V>[] }>('GET', '/os-aggregates')).aggregates;
  }

  /** Create an aggregate (the answer has no hosts or metadata yet). */
  async createAggregate(aggregate: AggregateCreate): Promise<AggregateView<V>> {
    const body = { aggregate };
    assertMatches(AGGREGATE_CREATE, body);
    return (await this.#call<{ aggregate: AggregateView<V> }>('POST', '/os-aggregates', body)).aggregate;
  }

  async getAggregate(id: number): Promise<AggregateView<V>> {
    return (await this.#call<{ aggregate: AggregateView<V> }>('GET', `/os-aggregates/${id}`)).aggregate;
  }

  async updateAggregate(id: number, aggregate: AggregateUpdate): Promise<AggregateView<V>> {
    const body = { aggregate };
    assertMatches(AGGREGATE_UPDATE, body);
    return (await this.#call<{ aggregate: AggregateView<V> }>('PUT', `/os-aggregates/${id}`, body)).aggregate;
  }

  async deleteAggregate(id: number): Promise<void> {
    await this.#call('DELETE', `/os-aggregates/${id}`);
  }

  /** POST /os-aggregates/{id}/action: add_host, remove_host or set_metadata; answers the aggregate. */
  async aggregateAction<K extends keyof AggregateActionBodies>(
    id: number,
    name: K,
    body: AggregateActionBodies[K],
  ): Promise<AggregateView<V>> {
    const full = { [name]: body };
    assertMatches(AGGREGATE_ACTIONS[name], full);
    const path = `/os-aggregates/${id}/action`;
    return (await this.#call<{ aggregate: AggregateView<V> }>('POST', path, full)).aggregate;
  }

  /**
   * POST /os-aggregates/{id}/images (2.81+): the hosts of the aggregate
   * pre-cache these images; 202, nothing waits for the caching.
   */
  async cacheAggregateImages(
    id: number,
    imageIds: AtLeast<V, 81> extends true ? readonly string[] : never,
  ): Promise<void> {
    const body: AggregateImages = { cache: imageIds.map((image) => ({ id: image })) };
    assertMatches(AGGREGATE_IMAGES, body);
    await this.#call('POST', `/os-aggregates/${id}/images`, body);
  }
}
