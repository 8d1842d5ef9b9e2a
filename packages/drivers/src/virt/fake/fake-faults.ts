/**
 * Fault injection for the fake hypervisor, for test suites that embed
 * Novats: fail or delay a named driver action on this host, or crash the
 * host. Each FakeDriver is one compute host, so "on a named host" is the
 * `faults` of that host's driver (`cloud.computes[i].driver.faults`).
 *
 * A failed spawn rejects with BuildFailed (the compute manager reschedules
 * it, as Nova does); any other failed action rejects with
 * HypervisorOperationFailed, whose message the instance fault carries. A
 * crash forgets every guest, makes every later call reject with
 * HypervisorUnavailable, and tells the crash listeners (the all-in-one
 * stops that host's compute service at once, so it stops answering).
 */
import {
  BuildFailed,
  HypervisorOperationFailed,
  HypervisorUnavailable,
  type Instance,
  type VirtDriver,
} from '@novats/core';

/** A driver action by its VirtDriver member name: 'spawn', 'reboot', 'powerOff', ... */
export type FakeAction = Exclude<keyof VirtDriver, 'capabilities'>;

/** Every action a fault can name (every VirtDriver member but `capabilities`). */
export const FAKE_ACTIONS: readonly FakeAction[] = [
  'init',
  'getAvailableNodes',
  'getNodeResources',
  'spawn',
  'destroy',
  'reboot',
  'powerOff',
  'powerOn',
  'pause',
  'unpause',
  'suspend',
  'resume',
  'rescue',
  'unrescue',
  'snapshot',
  'migrateDiskAndPowerOff',
  'finishMigration',
  'confirmMigration',
  'finishRevertMigration',
  'checkCanLiveMigrateDestination',
  'preLiveMigration',
  'liveMigration',
  'postLiveMigrationAtDestination',
  'rollbackLiveMigrationAtDestination',
  'getConsoleOutput',
  'setAdminPassword',
  'triggerCrashDump',
  'getDiagnostics',
  'attachVolume',
  'detachVolume',
  'attachInterface',
  'detachInterface',
  'getInfo',
  'listInstanceUuids',
];

export interface FailOptions {
  /** How many calls fail (default 1; Infinity until `clear()`). */
  readonly times?: number;
  /** The error message (default: names the action, the host and the instance). */
  readonly message?: string;
  /** Only calls about this instance fail (default: any call of the action). */
  readonly instanceUuid?: string;
}

export interface DelayOptions {
  /** How many calls are delayed (default Infinity, until `clear()`). */
  readonly times?: number;
  readonly instanceUuid?: string;
}

interface Rule {
  remaining: number;
  readonly instanceUuid: string | undefined;
  readonly message?: string;
  readonly ms?: number;
}

export class FakeFaults {
  readonly #failures = new Map<FakeAction, Rule[]>();
  readonly #delays = new Map<FakeAction, Rule[]>();
  readonly #crashListeners = new Set<() => void>();
  #crashed = false;

  constructor(
    private readonly host: () => string,
    private readonly forgetGuests: () => void,
  ) {}

  /** The next `times` calls of `action` (about `instanceUuid`, when given) reject. */
  failNext(action: FakeAction, opts: FailOptions = {}): this {
    const rule = { remaining: opts.times ?? 1, instanceUuid: opts.instanceUuid, message: opts.message };
    this.#failures.set(action, [...(this.#failures.get(action) ?? []), rule]);
    return this;
  }

  /** Calls of `action` take `ms` longer (the hypervisor is slow), `times` of them or until `clear()`. */
  delay(action: FakeAction, ms: number, opts: DelayOptions = {}): this {
    const rule = { remaining: opts.times ?? Number.POSITIVE_INFINITY, instanceUuid: opts.instanceUuid, ms };
    this.#delays.set(action, [...(this.#delays.get(action) ?? []), rule]);
    return this;
  }

  /**
   * The host crashes: its guests are gone, every later driver call rejects
   * with HypervisorUnavailable, and the crash listeners run (once).
   */
  crash(): void {
    if (this.#crashed) return;
    this.#crashed = true;
    this.forgetGuests();
    for (const listener of this.#crashListeners) listener();
  }

  get crashed(): boolean {
    return this.#crashed;
  }

  /** Runs `listener` when the host crashes; returns a function that unregisters it. */
  onCrash(listener: () => void): () => void {
    this.#crashListeners.add(listener);
    return () => this.#crashListeners.delete(listener);
  }

  /** Drops every pending failure and delay (a crash is not undone). */
  clear(): void {
    this.#failures.clear();
    this.#delays.clear();
  }

  /** The driver calls this before each action; it waits, rejects, or lets the action run. */
  async before(action: FakeAction, instance: Instance | undefined): Promise<void> {
    this.#checkAlive();
    const delay = this.#take(this.#delays, action, instance);
    if (delay?.ms) {
      await new Promise((resolve) => setTimeout(resolve, delay.ms));
      this.#checkAlive();
    }
    const failure = this.#take(this.#failures, action, instance);
    if (!failure) return;
    const about = instance ? ` of instance ${instance.uuid}` : '';
    const message = failure.message ?? `Injected fault: ${action}${about} failed on host ${this.host()}`;
    if (action === 'spawn') throw new BuildFailed(message);
    throw new HypervisorOperationFailed(message, 'FakeFault');
  }

  #checkAlive(): void {
    if (this.#crashed) throw new HypervisorUnavailable(this.host(), 'the host crashed (injected fault)');
  }

  /** Uses up one matching rule of `action`, or returns undefined. */
  #take(
    rules: Map<FakeAction, Rule[]>,
    action: FakeAction,
    instance: Instance | undefined,
  ): Rule | undefined {
    const list = rules.get(action);
    const rule = list?.find((r) => r.instanceUuid === undefined || r.instanceUuid === instance?.uuid);
    if (!list || !rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) list.splice(list.indexOf(rule), 1);
    return rule;
  }
}

/**
 * Puts `faults.before` in front of each action of `driver`: own properties
 * shadow the prototype's methods, so the driver's code stays fault-free.
 */
export function guardWithFaults(driver: VirtDriver, faults: FakeFaults): void {
  const target = driver as unknown as Record<FakeAction, (...args: unknown[]) => Promise<unknown>>;
  for (const action of FAKE_ACTIONS) {
    const inner = target[action].bind(driver);
    target[action] = async (...args: unknown[]) => {
      const first = args[0] as { uuid?: unknown } | undefined;
      await faults.before(action, typeof first?.uuid === 'string' ? (first as Instance) : undefined);
      return inner(...args);
    };
  }
}
