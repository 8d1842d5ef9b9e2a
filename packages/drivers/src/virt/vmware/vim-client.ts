/**
 * One authenticated session with vCenter (or vcsim) over the vim25 SOAP
 * API, through undici: RetrieveServiceContent and SessionManager.Login at
 * connect, the session cookie on every call, one re-login when vCenter says
 * NotAuthenticated (an expired session), the PropertyCollector
 * (RetrievePropertiesEx / ContinueRetrievePropertiesEx, container views)
 * and task polling. Nothing here knows about Nova.
 */
import { HypervisorUnavailable } from '@novats/core';
import { Agent, type Dispatcher, request } from 'undici';
import {
  child,
  children,
  childText,
  envelope,
  type MoRef,
  moref,
  parseXml,
  type SoapObject,
  text,
  toMoRef,
  type XmlNode,
  xsiType,
} from './soap-xml.js';
import { VimFault } from './vim-errors.js';

export interface VimClientOptions {
  /** `https://host:port/sdk`. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Skip TLS verification (`[vmware] insecure`). */
  readonly insecure: boolean;
  /** For messages: the compute host this session belongs to. */
  readonly host: string;
  readonly timeoutMs?: number;
}

/** The ServiceContent members this client uses. */
export interface ServiceContent {
  readonly rootFolder: MoRef;
  readonly propertyCollector: MoRef;
  readonly viewManager: MoRef;
  readonly sessionManager: MoRef;
  readonly searchIndex: MoRef;
  readonly about: { readonly apiVersion: string; readonly instanceUuid: string; readonly fullName: string };
}

/** The properties of one managed object, by property path. */
export type PropertyValues = ReadonlyMap<string, XmlNode>;

const SERVICE_INSTANCE = moref('ServiceInstance', 'ServiceInstance');

export class VimClient {
  readonly #opts: VimClientOptions;
  readonly #dispatcher: Dispatcher;
  #cookie: string | null = null;
  #content: ServiceContent | null = null;

  constructor(opts: VimClientOptions) {
    this.#opts = opts;
    this.#dispatcher = new Agent({
      connect: { rejectUnauthorized: !opts.insecure },
      headersTimeout: opts.timeoutMs ?? 60_000,
      bodyTimeout: opts.timeoutMs ?? 60_000,
    });
  }

  get content(): ServiceContent {
    if (!this.#content) throw new HypervisorUnavailable(this.#opts.host, 'no vCenter session yet');
    return this.#content;
  }

  /** RetrieveServiceContent, then SessionManager.Login; rejects with HypervisorUnavailable when unreachable. */
  async login(): Promise<void> {
    const sc = await this.#call('RetrieveServiceContent', SERVICE_INSTANCE, {}, false);
    const ref = (name: string) => toMoRef(child(sc, name)) as MoRef;
    const about = child(sc, 'about');
    this.#content = {
      rootFolder: ref('rootFolder'),
      propertyCollector: ref('propertyCollector'),
      viewManager: ref('viewManager'),
      sessionManager: ref('sessionManager'),
      searchIndex: ref('searchIndex'),
      about: {
        apiVersion: childText(about, 'apiVersion') ?? '',
        instanceUuid: childText(about, 'instanceUuid') ?? '',
        fullName: childText(about, 'fullName') ?? '',
      },
    };
    this.#cookie = null;
    await this.#call(
      'Login',
      this.#content.sessionManager,
      { userName: this.#opts.username, password: this.#opts.password },
      false,
    );
  }

  /** One method call; returns the `returnval` node (undefined for void methods). */
  async invoke(method: string, self: MoRef, args: SoapObject = {}): Promise<XmlNode | undefined> {
    return this.#call(method, self, args, true);
  }

  /** Properties of the given objects (all of one type); objects that vanished are left out. */
  async properties(type: string, objs: readonly MoRef[], paths: readonly string[]) {
    if (objs.length === 0) return new Map<string, PropertyValues>();
    return this.#retrieve({
      propSet: [{ type, pathSet: [...paths] }],
      objectSet: objs.map((obj) => ({ obj })),
    });
  }

  /** The properties of one object; rejects with ManagedObjectNotFound when it is gone. */
  async propertiesOf(obj: MoRef, paths: readonly string[]): Promise<PropertyValues> {
    const found = (await this.properties(obj.type, [obj], paths)).get(obj.value);
    if (!found)
      throw new VimFault('ManagedObjectNotFound', `The object ${obj.value} has been deleted`, 'Get');
    return found;
  }

  /** Every object of `type` under `root` (a container view), with its properties, keyed by MoRef value. */
  async objectsOfType(
    type: string,
    paths: readonly string[],
    root: MoRef = this.content.rootFolder,
  ): Promise<Map<string, PropertyValues>> {
    const view = toMoRef(
      await this.invoke('CreateContainerView', this.content.viewManager, {
        container: root,
        type: [type],
        recursive: true,
      }),
    ) as MoRef;
    try {
      return await this.#retrieve({
        propSet: [{ type, pathSet: [...paths] }],
        objectSet: [
          {
            obj: view,
            skip: true,
            selectSet: [
              { $type: 'TraversalSpec', name: 'view', type: 'ContainerView', path: 'view', skip: false },
            ],
          },
        ],
      });
    } finally {
      await this.invoke('DestroyView', view).catch(() => {});
    }
  }

  /**
   * Waits for a task to finish (polling its `info`), returns its result node,
   * or rejects with the task's fault as a VimFault.
   */
  async waitForTask(task: MoRef, method: string): Promise<XmlNode | undefined> {
    let pause = 20;
    for (;;) {
      const info = (await this.propertiesOf(task, ['info'])).get('info');
      const state = childText(info, 'state');
      if (state === 'success') return child(info, 'result');
      if (state === 'error') {
        const error = child(info, 'error');
        const fault = child(error, 'fault');
        const faultType = xsiType(fault) ?? 'SystemError';
        throw new VimFault(faultType, childText(error, 'localizedMessage') ?? faultType, method);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 500);
    }
  }

  /** Calls a `*_Task` method and waits for the task. */
  async runTask(method: string, self: MoRef, args: SoapObject = {}): Promise<XmlNode | undefined> {
    const task = toMoRef(await this.invoke(method, self, args));
    if (!task) throw new VimFault('SystemError', `${method} returned no task`, method);
    return this.waitForTask(task, method);
  }

  async logout(): Promise<void> {
    if (this.#content && this.#cookie) {
      await this.#call('Logout', this.#content.sessionManager, {}, false).catch(() => {});
    }
    this.#cookie = null;
    await this.#dispatcher.close();
  }

  async #retrieve(spec: SoapObject): Promise<Map<string, PropertyValues>> {
    const out = new Map<string, PropertyValues>();
    const pc = this.content.propertyCollector;
    let result = await this.invoke('RetrievePropertiesEx', pc, { specSet: [spec], options: {} });
    for (;;) {
      for (const object of children(result, 'objects')) {
        const values = new Map<string, XmlNode>();
        for (const prop of children(object, 'propSet')) {
          const value = child(prop, 'val');
          if (value !== undefined) values.set(childText(prop, 'name') ?? '', value);
        }
        out.set(text(child(object, 'obj')), values);
      }
      const token = childText(result, 'token');
      if (!token) return out;
      result = await this.invoke('ContinueRetrievePropertiesEx', pc, { token });
    }
  }

  async #call(
    method: string,
    self: MoRef,
    args: SoapObject,
    retryLogin: boolean,
  ): Promise<XmlNode | undefined> {
    const body = envelope(method, self, args);
    let res: Dispatcher.ResponseData;
    try {
      res = await request(this.#opts.url, {
        method: 'POST',
        dispatcher: this.#dispatcher,
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          soapaction: 'urn:vim25/6.5',
          ...(this.#cookie ? { cookie: this.#cookie } : {}),
        },
        body,
      });
    } catch (err) {
      const reason = (err as { code?: string }).code ?? (err as Error).message;
      throw new HypervisorUnavailable(
        this.#opts.host,
        `cannot reach vCenter at ${this.#opts.url}: ${reason}`,
      );
    }
    const setCookie = res.headers['set-cookie'];
    const cookie = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (cookie) this.#cookie = cookie.split(';')[0];
    const xml = parseXml(await res.body.text());
    const soapBody = child(child(xml, 'Envelope'), 'Body');
    const fault = child(soapBody, 'Fault');
    if (fault !== undefined) {
      const detail = child(fault, 'detail');
      const detailNode = detail && typeof detail !== 'string' ? Object.values(detail)[0] : undefined;
      const faultType =
        xsiType(detailNode as XmlNode) ??
        Object.keys(detail && typeof detail !== 'string' ? detail : {})[0]?.replace(/Fault$/, '') ??
        'SystemError';
      const message = childText(fault, 'faultstring') ?? faultType;
      if (faultType === 'NotAuthenticated' && retryLogin && this.#content) {
        await this.login();
        return this.#call(method, self, args, false);
      }
      throw new VimFault(faultType, message, method);
    }
    if (res.statusCode >= 400) {
      throw new VimFault('SystemError', `HTTP ${res.statusCode} from ${this.#opts.url}`, method);
    }
    return child(child(soapBody, `${method}Response`), 'returnval');
  }
}
