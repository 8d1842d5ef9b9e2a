/**
 * The guests' VM records kept current with XenAPI's event.from: the first
 * call (empty token) brings every VM, later calls only what changed since
 * the last token, so getInfo and listInstanceUuids cost one short call
 * and see VMs that changed or vanished behind Nova's back.
 */
import type { XenApiSession } from './xenapi-session.js';
import { XmlRpcDouble } from './xmlrpc-codec.js';

export interface XenVmRecord {
  readonly uuid: string;
  readonly name_label: string;
  readonly power_state: string;
  readonly is_a_template: boolean;
  readonly is_a_snapshot?: boolean;
  readonly is_control_domain: boolean;
  readonly domid: string;
  readonly other_config: Readonly<Record<string, string>>;
  readonly VBDs: readonly string[];
  readonly VIFs: readonly string[];
  readonly VCPUs_max: string;
  readonly memory_static_max: string;
}

interface EventBatch {
  readonly events: readonly {
    readonly class: string;
    readonly operation: 'add' | 'mod' | 'del';
    readonly ref: string;
    readonly snapshot?: XenVmRecord;
  }[];
  readonly token: string;
}

export class XenVmCache {
  readonly #vms = new Map<string, XenVmRecord>();
  #token = '';

  constructor(private readonly session: XenApiSession) {}

  /** Applies every VM event since the last call (all VMs on the first). */
  async sync(): Promise<void> {
    for (;;) {
      const batch = await this.session.call<EventBatch>(
        'event.from',
        ['vm'],
        this.#token,
        new XmlRpcDouble(0),
      );
      this.#token = batch.token;
      for (const event of batch.events) {
        if (event.class !== 'vm') continue;
        if (event.operation === 'del') this.#vms.delete(event.ref);
        else if (event.snapshot) this.#vms.set(event.ref, event.snapshot);
      }
      if (batch.events.length === 0 || this.#token === '') return;
    }
  }

  /** Nova's guests: not dom0, templates or snapshots, with `other_config:nova_uuid`. */
  guests(): [string, XenVmRecord][] {
    return [...this.#vms.entries()].filter(
      ([, vm]) => !vm.is_control_domain && !vm.is_a_template && vm.other_config.nova_uuid !== undefined,
    );
  }

  /** The guest of an instance, or its rescue guest. */
  find(uuid: string, rescue = false): [string, XenVmRecord] | undefined {
    const key = rescue ? 'nova_rescue_of' : 'nova_uuid';
    return [...this.#vms.entries()].find(
      ([, vm]) => !vm.is_control_domain && !vm.is_a_template && vm.other_config[key] === uuid,
    );
  }

  /** Forget everything (a new session): the next sync starts over with an empty token. */
  reset(): void {
    this.#vms.clear();
    this.#token = '';
  }
}
