/**
 * The composition root: one tsyringe container per deployment, built from
 * the parsed nova.conf. Services ask for the ports they need with
 * `provide(...)`; each adapter is opened once (chosen by `transport_url`,
 * the `connection` options, `compute_driver`, `[glance]`, `[placement]`),
 * bound to its token, and closed by `close()` in reverse order. Embedding
 * code may bind its own adapter to a token first (`bind`), and a child
 * scope (`forHost`) gives one process several compute hosts.
 */
import 'reflect-metadata';
import type { Logger, NovaConfig } from '@novats/core';
import { silentLogger, Tokens } from '@novats/core';
import { type DependencyContainer, type InjectionToken, container as rootContainer } from 'tsyringe';
import { PROVIDERS, type Provided } from './adapter-providers.js';
import { type ServiceSettings, settingsFromConfig } from './service-settings.js';
import { ServerTokens } from './service-tokens.js';

export interface DeploymentOptions {
  /** Settings that win over nova.conf (the all-in-one cloud, tests). */
  readonly settings?: Partial<ServiceSettings>;
  readonly logger?: Logger;
}

export class DeploymentScope {
  readonly container: DependencyContainer;
  readonly settings: ServiceSettings;
  readonly logger: Logger;
  readonly #opening = new Map<symbol, Promise<void>>();
  readonly #closers: (() => Promise<void>)[] = [];
  readonly #parent: DeploymentScope | undefined;

  private constructor(
    readonly conf: NovaConfig,
    settings: ServiceSettings,
    logger: Logger,
    parent?: DeploymentScope,
  ) {
    this.settings = settings;
    this.logger = logger;
    this.#parent = parent;
    this.container = (parent?.container ?? rootContainer).createChildContainer();
    this.container.register(Tokens.Config, { useValue: conf });
    this.container.register(ServerTokens.Settings, { useValue: settings });
    this.container.register(Tokens.Logger, { useValue: logger });
  }

  static fromConfig(conf: NovaConfig, opts: DeploymentOptions = {}): DeploymentScope {
    const settings = { ...settingsFromConfig(conf), ...opts.settings };
    return new DeploymentScope(conf, settings, opts.logger ?? silentLogger);
  }

  /** A scope for one more service of this process with other settings (a compute host's name). */
  child(settings: Partial<ServiceSettings>): DeploymentScope {
    return new DeploymentScope(this.conf, { ...this.settings, ...settings }, this.logger, this);
  }

  /** Binds an adapter chosen by the embedding code; `close` runs with the scope's. */
  bind(token: symbol, value: unknown, close?: () => Promise<void>): this {
    this.container.register(token, { useValue: value });
    this.#opening.set(token, Promise.resolve());
    if (close) this.#closers.push(close);
    return this;
  }

  /** Opens (once per scope tree) and binds the adapters behind these tokens, in order. */
  async provide(...tokens: symbol[]): Promise<this> {
    for (const token of tokens) await this.#provideOne(token);
    return this;
  }

  /** Whether this scope or one above it opened or was given the adapter of `token`. */
  isBound(token: symbol): boolean {
    return this.#opening.has(token) || this.#parent?.isBound(token) === true;
  }

  async #provideOne(token: symbol): Promise<void> {
    if (token === Tokens.Config || token === ServerTokens.Settings || token === Tokens.Logger) return;
    if (this.#opening.has(token)) return this.#opening.get(token);
    // NOTE(sharing): a child scope uses what its parent opened (one transport and database pool per process).
    if (this.#parent?.isBound(token)) return this.#parent.provide(token).then(() => {});
    const provider = PROVIDERS.get(token);
    if (!provider) throw new Error(`nothing provides ${String(token)}`);
    const opening = provider(this).then((provided: Provided) => {
      this.container.register(token, { useValue: provided.value });
      if (provided.close) this.#closers.push(provided.close);
    });
    this.#opening.set(token, opening);
    opening.catch(() => this.#opening.delete(token));
    return opening;
  }

  resolve<T>(token: InjectionToken<T>): T {
    return this.container.resolve<T>(token);
  }

  /** Closes what this scope opened, last opened first. Idempotent. */
  async close(): Promise<void> {
    for (const close of this.#closers.splice(0).reverse()) await close().catch(() => {});
  }
}
