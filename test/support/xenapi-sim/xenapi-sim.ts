/**
 * A XenAPI simulator for the XenAPI driver's tests, written from the
 * published XenAPI reference (classes, fields, method names and error
 * codes) because no XenServer or simulator ships in Debian or npm. One
 * pool of one host with local storage and two networks, served as XML-RPC
 * over HTTP on a free port (the codec is the driver's), plus dom0's HTTP
 * handler `export_raw_vdi` for snapshots. It runs in the test process;
 * tests inject failures (`failNext`) and change things behind the driver's
 * back (`vanish`) through its JS API.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import {
  decodeCall,
  encodeResponse,
  type XmlRpcValue,
} from '../../../packages/drivers/src/virt/xenapi/xmlrpc-codec.js';
import { emptyDynamicVhd } from './vhd.js';
import { type Field, XenApiError, type XenRecord, XenStore } from './xenapi-store.js';
import { SimVms } from './xenapi-vm.js';

export interface XenApiSimOptions {
  readonly username?: string;
  readonly password?: string;
  readonly hostname?: string;
  /** Host memory in bytes (64 GiB). */
  readonly memory?: number;
  /** Physical CPUs (16). */
  readonly cpus?: number;
}

type Handler = (...params: XmlRpcValue[]) => Field | Promise<Field>;

/** What a XenAPI method with no result answers (an empty string Value). */
const done = (_: unknown): Field => '';

const GiB = 1024 ** 3;
const CLASSES = ['VM', 'VDI', 'VBD', 'VIF', 'SR', 'host', 'host_metrics', 'network', 'pool', 'session'];
/** /proc/cpuinfo flags of the simulated host CPU (a Xeon of the Haswell generation). */
const CPU_FLAGS =
  'fpu de tsc msr pae mce cx8 apic sep mca cmov pat clflush acpi mmx fxsr sse sse2 ht syscall nx lm constant_tsc rep_good nopl nonstop_tsc pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm fsgsbase bmi1 avx2 bmi2 erms';

export class XenApiSimulator {
  readonly store = new XenStore();
  readonly vms: SimVms;
  readonly hostRef: string;
  readonly #opts: Required<XenApiSimOptions>;
  readonly #sessions = new Set<string>();
  readonly #faults = new Map<string, { code: string; params: string[]; times: number }>();
  readonly #handlers = new Map<string, Handler>();
  /** Every method called, in order (for assertions). */
  readonly calls: string[] = [];

  constructor(opts: XenApiSimOptions = {}) {
    this.#opts = {
      username: opts.username ?? 'root',
      password: opts.password ?? 'xenroot',
      hostname: opts.hostname ?? 'xenserver-sim',
      memory: opts.memory ?? 64 * GiB,
      cpus: opts.cpus ?? 16,
    };
    const s = this.store;
    const metrics = s.add('host_metrics', {
      memory_total: String(this.#opts.memory),
      memory_free: String(this.#opts.memory),
      live: true,
    });
    this.hostRef = s.add('host', {
      name_label: this.#opts.hostname,
      hostname: this.#opts.hostname,
      address: '127.0.0.1',
      enabled: true,
      metrics,
      API_version_major: '2',
      API_version_minor: '16',
      software_version: { product_brand: 'XenServer', product_version: '8.2.1', xen: '4.13.5', xapi: '1.20' },
      cpu_info: {
        cpu_count: String(this.#opts.cpus),
        socket_count: '2',
        vendor: 'GenuineIntel',
        speed: '2596.992',
        modelname: 'Intel(R) Xeon(R) CPU E5-2690 v3 @ 2.60GHz',
        family: '6',
        model: '63',
        stepping: '2',
        flags: CPU_FLAGS,
      },
      other_config: {},
    });
    const sr = s.add('SR', {
      name_label: 'Local storage',
      type: 'ext',
      content_type: 'user',
      shared: false,
      physical_size: String(2048 * GiB),
      physical_utilisation: '0',
      virtual_allocation: '0',
      other_config: { 'i18n-key': 'local-storage' },
      VDIs: [],
    });
    s.add('pool', { name_label: '', master: this.hostRef, default_SR: sr, other_config: {} });
    s.add('network', {
      name_label: 'Pool-wide network associated with eth0',
      bridge: 'xenbr0',
      other_config: {},
    });
    s.add('network', {
      name_label: 'Host internal management network',
      bridge: 'xenapi',
      other_config: { is_host_internal_management_network: 'true' },
    });
    this.vms = new SimVms(s, () => this.hostRef);
    const dom0 = this.vms.create({
      name_label: `Control domain on host: ${this.#opts.hostname}`,
      memory_static_max: String(4 * GiB),
      memory_dynamic_max: String(4 * GiB),
      memory_dynamic_min: String(4 * GiB),
      memory_static_min: String(4 * GiB),
      VCPUs_max: '4',
      VCPUs_at_startup: '4',
      actions_after_shutdown: 'destroy',
      actions_after_reboot: 'restart',
      actions_after_crash: 'restart',
      HVM_boot_policy: '',
    });
    s.update('VM', dom0, {
      is_control_domain: true,
      power_state: 'Running',
      domid: '0',
      resident_on: this.hostRef,
    });
    this.#register();
  }

  /** The next `times` calls of `method` fail with the XenAPI error `code` (test hook). */
  failNext(method: string, code: string, params: string[] = [], times = 1): void {
    this.#faults.set(method, { code, params, times });
  }

  /** Destroys a guest (and its disks) behind the driver's back, as an admin with `xe` would. */
  vanish(nameLabel: string): void {
    for (const [ref, vm] of this.store.all('VM')) {
      if (vm.name_label !== nameLabel || vm.is_a_snapshot === true) continue;
      if (vm.power_state !== 'Halted') this.vms.hardShutdown(ref);
      const vdis = (vm.VBDs as string[]).map((b) => this.store.get('VBD', b).VDI as string);
      this.vms.destroy(ref);
      for (const vdi of vdis) if (this.store.has('VDI', vdi)) this.store.remove('VDI', vdi);
    }
  }

  /** Guests (not dom0, templates or snapshots), for assertions. */
  guests(): XenRecord[] {
    return this.store
      .all('VM')
      .map(([, vm]) => vm)
      .filter((vm) => vm.is_control_domain !== true && vm.is_a_template !== true);
  }

  /** One XML-RPC call: the `{Status, Value | ErrorDescription}` struct XenAPI answers. */
  async dispatch(method: string, params: XmlRpcValue[]): Promise<XmlRpcValue> {
    this.calls.push(method);
    try {
      const handler = this.#handlers.get(method);
      if (!handler) throw new XenApiError('MESSAGE_METHOD_UNKNOWN', [method]);
      if (params.length !== handler.length) {
        throw new XenApiError('MESSAGE_PARAMETER_COUNT_MISMATCH', [
          method,
          String(handler.length),
          String(params.length),
        ]);
      }
      if (method !== 'session.login_with_password' && !this.#sessions.has(String(params[0]))) {
        throw new XenApiError('SESSION_INVALID', [String(params[0])]);
      }
      const fault = this.#faults.get(method);
      if (fault) {
        fault.times -= 1;
        if (fault.times <= 0) this.#faults.delete(method);
        throw new XenApiError(fault.code, fault.params);
      }
      return { Status: 'Success', Value: (await handler(...params)) as XmlRpcValue };
    } catch (err) {
      if (!(err instanceof XenApiError)) throw err;
      return { Status: 'Failure', ErrorDescription: [err.code, ...err.params] };
    }
  }

  /** Ends every session (as a XAPI restart does): the next call answers SESSION_INVALID. */
  dropSessions(): void {
    this.#sessions.clear();
  }

  isSession(ref: string): boolean {
    return this.#sessions.has(ref);
  }

  #on(method: string, handler: Handler): void {
    this.#handlers.set(method, handler);
  }

  #register(): void {
    const s = this.store;
    const str = (v: XmlRpcValue) => String(v);
    this.#on('session.login_with_password', (user, pass, _version, _originator) => {
      if (user !== this.#opts.username || pass !== this.#opts.password) {
        throw new XenApiError('SESSION_AUTHENTICATION_FAILED', [str(user), 'Authentication failure']);
      }
      const ref = `OpaqueRef:${randomUUID()}`;
      this.#sessions.add(ref);
      return ref;
    });
    this.#on('session.logout', (session) => {
      this.#sessions.delete(str(session));
      return '';
    });
    for (const cls of CLASSES) this.#registerGetters(cls);
    const vm = this.vms;
    this.#on('VM.create', (_s, record) => vm.create(record as XenRecord));
    this.#on('VM.destroy', (_s, ref) => done(vm.destroy(str(ref))));
    this.#on('VM.start', (_s, ref, paused, _force) => done(vm.start(str(ref), paused === true)));
    this.#on('VM.clean_shutdown', (_s, ref) => done(vm.cleanShutdown(str(ref))));
    this.#on('VM.hard_shutdown', (_s, ref) => done(vm.hardShutdown(str(ref))));
    this.#on('VM.clean_reboot', (_s, ref) => done(vm.cleanReboot(str(ref))));
    this.#on('VM.hard_reboot', (_s, ref) => done(vm.hardReboot(str(ref))));
    this.#on('VM.pause', (_s, ref) => done(vm.pause(str(ref))));
    this.#on('VM.unpause', (_s, ref) => done(vm.unpause(str(ref))));
    this.#on('VM.suspend', (_s, ref) => done(vm.suspend(str(ref))));
    this.#on('VM.resume', (_s, ref, paused, _force) => done(vm.resume(str(ref), paused === true)));
    this.#on('VM.snapshot', (_s, ref, name) => vm.snapshot(str(ref), str(name)));
    this.#on('VM.set_VCPUs_max', (_s, ref, n) => this.#setHalted(str(ref), { VCPUs_max: str(n) }));
    this.#on('VM.set_VCPUs_at_startup', (_s, ref, n) =>
      this.#setHalted(str(ref), { VCPUs_at_startup: str(n) }),
    );
    this.#on('VM.set_memory_limits', (_s, ref, smin, smax, dmin, dmax) =>
      this.#setHalted(str(ref), {
        memory_static_min: str(smin),
        memory_static_max: str(smax),
        memory_dynamic_min: str(dmin),
        memory_dynamic_max: str(dmax),
      }),
    );
    this.#on('VDI.create', (_s, record) => this.#createVdi(record as XenRecord));
    this.#on('VDI.destroy', (_s, ref) => {
      const vdi = s.get('VDI', str(ref));
      if ((vdi.VBDs as string[]).length > 0) throw new XenApiError('VDI_IN_USE', [str(ref), 'destroy']);
      s.remove('VDI', str(ref));
      return '';
    });
    this.#on('VDI.resize', (_s, ref, size) => done(s.update('VDI', str(ref), { virtual_size: str(size) })));
    this.#on('VBD.create', (_s, record) => vm.attachVbd(record as XenRecord));
    this.#on('VBD.destroy', (_s, ref) => done(vm.destroyDevice('VBD', str(ref))));
    this.#on('VBD.plug', (_s, ref) => done(vm.plug('VBD', str(ref), true)));
    this.#on('VBD.unplug', (_s, ref) => done(vm.plug('VBD', str(ref), false)));
    this.#on('VIF.create', (_s, record) => vm.attachVif(record as XenRecord));
    this.#on('VIF.destroy', (_s, ref) => done(vm.destroyDevice('VIF', str(ref))));
    this.#on('VIF.plug', (_s, ref) => done(vm.plug('VIF', str(ref), true)));
    this.#on('VIF.unplug', (_s, ref) => done(vm.plug('VIF', str(ref), false)));
    this.#on('host.call_plugin', (_s, host, plugin, fn, args) =>
      this.#plugin(str(host), str(plugin), str(fn), args),
    );
    this.#on('event.from', (_s, classes, token, timeout) =>
      this.#eventFrom(classes as string[], str(token), Number(timeout)),
    );
  }

  /** get_all, get_all_records, get_record, get_by_uuid, get_by_name_label and get_<field> of a class. */
  #registerGetters(cls: string): void {
    const s = this.store;
    this.#on(`${cls}.get_all`, (_s) => s.all(cls).map(([ref]) => ref));
    this.#on(`${cls}.get_all_records`, (_s) => Object.fromEntries(s.all(cls)));
    this.#on(`${cls}.get_record`, (_s, ref) => s.get(cls, String(ref)));
    this.#on(`${cls}.get_by_uuid`, (_s, uuid) => {
      const found = s.all(cls).find(([, r]) => r.uuid === uuid);
      if (!found) throw new XenApiError('UUID_INVALID', [cls, String(uuid)]);
      return found[0];
    });
    this.#on(`${cls}.get_by_name_label`, (_s, label) =>
      s
        .all(cls)
        .filter(([, r]) => r.name_label === label)
        .map(([ref]) => ref),
    );
    for (const field of [
      'power_state',
      'domid',
      'VBDs',
      'VIFs',
      'other_config',
      'name_label',
      'uuid',
      'VDI',
      'metrics',
      'virtual_size',
    ]) {
      this.#on(`${cls}.get_${field}`, (_s, ref) => {
        const value = s.get(cls, String(ref))[field];
        if (value === undefined) throw new XenApiError('MESSAGE_METHOD_UNKNOWN', [`${cls}.get_${field}`]);
        return value;
      });
    }
  }

  #setHalted(ref: string, change: XenRecord): Field {
    const vm = this.store.get('VM', ref);
    if (vm.power_state !== 'Halted') {
      throw new XenApiError('VM_BAD_POWER_STATE', [ref, 'halted', String(vm.power_state).toLowerCase()]);
    }
    this.store.update('VM', ref, change);
    return '';
  }

  #createVdi(record: XenRecord): string {
    for (const field of ['SR', 'virtual_size', 'type', 'sharable', 'read_only']) {
      if (record[field] === undefined) throw new XenApiError('FIELD_TYPE_ERROR', [field]);
    }
    const sr = this.store.get('SR', record.SR as string);
    const ref = this.store.add('VDI', {
      name_label: '',
      name_description: '',
      other_config: {},
      is_a_snapshot: false,
      snapshot_of: 'OpaqueRef:NULL',
      ...record,
      virtual_size: String(record.virtual_size),
      VBDs: [],
    });
    this.store.update('SR', record.SR as string, { VDIs: [...(sr.VDIs as string[]), ref] });
    return ref;
  }

  /** dom0 plugins; only Nova's `console` plugin (`get_console_log`: the log, zlib'd and base64'd). */
  #plugin(host: string, plugin: string, fn: string, args: XmlRpcValue): Field {
    this.store.get('host', host);
    if (plugin.replace(/\.py$/, '') !== 'console' || fn !== 'get_console_log') {
      throw new XenApiError('XENAPI_MISSING_PLUGIN', [plugin]);
    }
    const domid = String((args as Record<string, XmlRpcValue>).dom_id ?? '');
    const found = this.store.all('VM').find(([, vm]) => vm.domid === domid && domid !== '-1');
    if (!found) {
      throw new XenApiError('XENAPI_PLUGIN_FAILURE', [
        fn,
        'IOError',
        `No console log for domain ${domid}`,
        '',
      ]);
    }
    const log = `${(this.vms.consoles.get(found[0]) ?? []).join('\n')}\n`;
    return deflateSync(Buffer.from(log)).toString('base64');
  }

  async #eventFrom(classes: string[], token: string, timeout: number): Promise<Field> {
    const s = this.store;
    if (token === '') {
      // NOTE(xapi): an empty token answers every current object as an 'add' event.
      const wanted = classes.map((c) => c.toLowerCase());
      const events = s
        .classes()
        .filter((c) => wanted.includes('*') || wanted.includes(c.toLowerCase()))
        .flatMap((c) =>
          s.all(c).map(([ref, snapshot]) => ({
            id: String(s.lastEventId),
            class: c.toLowerCase(),
            operation: 'add',
            ref,
            snapshot,
          })),
        );
      return { events, valid_ref_counts: {}, token: String(s.lastEventId).padStart(20, '0') };
    }
    const after = Number(token);
    let events = s.eventsAfter(after, classes);
    if (events.length === 0 && timeout > 0) {
      await s.nextChange(timeout * 1000);
      events = s.eventsAfter(after, classes);
    }
    return {
      events: events.map((e) => ({ ...e, id: String(e.id), class: e.class.toLowerCase() })),
      valid_ref_counts: {},
      token: String(s.lastEventId).padStart(20, '0'),
    };
  }
}

export interface RunningXenApiSim {
  readonly url: string;
  readonly sim: XenApiSimulator;
  stop(): Promise<void>;
}

/** Serves a simulator on 127.0.0.1 and a free port: XML-RPC on `/`, dom0's `/export_raw_vdi`. */
export async function startXenApiSim(opts: XenApiSimOptions = {}): Promise<RunningXenApiSim> {
  const sim = new XenApiSimulator(opts);
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (req.method === 'GET' && url.pathname === '/export_raw_vdi') {
      const vdiRef = url.searchParams.get('vdi') ?? '';
      if (!sim.isSession(url.searchParams.get('session_id') ?? '')) {
        res.writeHead(401).end();
        return;
      }
      if (!sim.store.has('VDI', vdiRef) || url.searchParams.get('format') !== 'vhd') {
        res.writeHead(404).end();
        return;
      }
      const vdi = sim.store.get('VDI', vdiRef);
      const body = emptyDynamicVhd(
        Number(vdi.virtual_size),
        Buffer.from(String(vdi.uuid).replace(/-/g, ''), 'hex'),
      );
      res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length })
        .end(body);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const call = decodeCall(Buffer.concat(chunks).toString('utf8'));
      const answer = await sim.dispatch(call.method, call.params);
      res.writeHead(200, { 'content-type': 'text/xml' }).end(encodeResponse(answer));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sim,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
