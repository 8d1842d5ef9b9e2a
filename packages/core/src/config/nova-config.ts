/**
 * nova.conf as a service sees it: several files read in order (a later
 * `--config-file` overrides an earlier one), typed getters with Nova's
 * defaults, `$option` / `${group.option}` interpolation, old option names
 * still honoured with oslo.config's warning, and unknown options kept as
 * strings because operators' files carry many that Novats does not use yet.
 */
import { ConfigFileValueError } from './config-errors.js';
import { type IniDocument, normalizeGroupName, parseIni } from './ini-parser.js';
import { NOVA_OPTIONS, type NovaGroup, type NovaOptions } from './nova-options.js';
import { convertValue, formatValue, type OptDefinition, type OptValue } from './option-types.js';

export interface NovaConfigOptions {
  /** The OS hostname, the default of `[DEFAULT] host` (core reads no OS state itself). */
  readonly hostname?: string;
  /** Receives each deprecation warning once, in oslo.config's words. */
  readonly onWarning?: (message: string) => void;
}

/** One `--config-file`: its name (for messages) and its text. */
export interface ConfigSource {
  readonly name: string;
  readonly text: string;
}

type Definition = OptDefinition<any, unknown>;
type FoundName = { group: string; name: string };

// NOTE(oslo): a `$` followed by `$`, `{group.name}` or a name; the name charset is oslo's `_Template.idpattern`.
const TEMPLATE = /\$(?:(\$)|\{([_a-z][._a-z0-9]*)\}|([_a-z][._a-z0-9]*))/gi;

export class NovaConfig {
  readonly #files: readonly IniDocument[];
  readonly #hostname: string | undefined;
  readonly #warn: (message: string) => void;

  /** `files` in command-line order; deprecation warnings are emitted here, once each. */
  constructor(files: readonly IniDocument[], opts: NovaConfigOptions = {}) {
    this.#files = files;
    this.#hostname = opts.hostname;
    this.#warn = opts.onWarning ?? (() => {});
    this.#emitDeprecationWarnings();
  }

  /** Parses each source (like repeated `--config-file`); throws ConfigFileParseError on a bad line. */
  static fromSources(sources: readonly (ConfigSource | string)[], opts: NovaConfigOptions = {}): NovaConfig {
    const docs = sources.map((s, i) =>
      typeof s === 'string' ? parseIni(s, `<config ${i + 1}>`) : parseIni(s.text, s.name),
    );
    return new NovaConfig(docs, opts);
  }

  /**
   * The typed value of a known option: the last file that sets it (or one of
   * its deprecated names) wins, else Nova's default. Throws ConfigFileValueError
   * when the value does not convert or a `$reference` cannot be resolved.
   */
  get<G extends NovaGroup, K extends keyof NovaOptions[G] & string>(
    group: G,
    name: K,
  ): OptValue<NovaOptions[G][K]> {
    return this.#typed(group, name, new Set()) as OptValue<NovaOptions[G][K]>;
  }

  /** Any option, known or not, as its interpolated string (the last value); undefined when unset. */
  getString(group: string, name: string): string | undefined {
    const g = normalizeGroupName(group);
    const def = this.#definition(g, name);
    if (def) {
      const value = this.#typed(g, name, new Set());
      return value === null ? undefined : formatValue(value);
    }
    const raw = this.#rawValues([{ group: g, name }], false);
    return raw ? this.#interpolate(g, name, raw.at(-1)!, new Set()) : undefined;
  }

  /** Whether some file sets the option (under its name or a deprecated one). */
  isSet(group: string, name: string): boolean {
    const g = normalizeGroupName(group);
    return this.#rawValues(this.#namesOf(g, name), false) !== undefined;
  }

  /** Every group that appears in a file, in first-seen order. */
  groups(): string[] {
    return [...new Set(this.#files.flatMap((f) => [...f.sections.keys()]))];
  }

  /** Keys written in `group` across all files (unknown ones included). */
  keys(group: string): string[] {
    const g = normalizeGroupName(group);
    return [...new Set(this.#files.flatMap((f) => [...(f.sections.get(g)?.keys() ?? [])]))];
  }

  /** Reads every known option once; returns the problems instead of throwing on the first. */
  validate(): ConfigFileValueError[] {
    const errors: ConfigFileValueError[] = [];
    for (const [group, options] of Object.entries(NOVA_OPTIONS)) {
      for (const name of Object.keys(options)) {
        try {
          this.#typed(group, name, new Set());
        } catch (err) {
          if (err instanceof ConfigFileValueError) errors.push(err);
          else throw err;
        }
      }
    }
    return errors;
  }

  #definition(group: string, name: string): Definition | undefined {
    const options = (NOVA_OPTIONS as Record<string, Record<string, Definition>>)[group];
    return options && Object.hasOwn(options, name) ? options[name] : undefined;
  }

  #namesOf(group: string, name: string): FoundName[] {
    const deprecated = this.#definition(group, name)?.deprecatedNames ?? [];
    return [
      { group, name },
      ...deprecated.map((d) => ({ group: normalizeGroupName(d.group ?? group), name: d.name ?? name })),
    ];
  }

  /**
   * Raw strings for the first of `names` found, newest file first (oslo's
   * lookup order); for multi options, every value of every file in order.
   */
  #rawValues(names: readonly FoundName[], multi: boolean): string[] | undefined {
    if (multi) {
      const all = this.#files.flatMap((f) =>
        names.flatMap((n) => f.sections.get(n.group)?.get(n.name) ?? []),
      );
      return all.length > 0 ? all : undefined;
    }
    for (let i = this.#files.length - 1; i >= 0; i--) {
      for (const n of names) {
        const values = this.#files[i].sections.get(n.group)?.get(n.name);
        if (values) return values;
      }
    }
    return undefined;
  }

  #typed(group: string, name: string, seen: Set<string>): unknown {
    const def = this.#definition(group, name);
    if (!def) throw new ConfigFileValueError(group, name, 'no such option');
    const raw = this.#rawValues(this.#namesOf(group, name), def.type === 'multistr');
    if (raw === undefined) {
      if (group === 'DEFAULT' && name === 'host' && this.#hostname) return this.#hostname;
      if (typeof def.default !== 'string') return def.default;
      return this.#convert(group, name, def, [def.default], seen);
    }
    return this.#convert(group, name, def, raw, seen);
  }

  #convert(group: string, name: string, def: Definition, raw: readonly string[], seen: Set<string>): unknown {
    const strings = raw.map((r) => this.#interpolate(group, name, r, seen));
    try {
      return convertValue(def, strings);
    } catch (err) {
      throw new ConfigFileValueError(group, name, (err as Error).message);
    }
  }

  /** oslo's `_substitute`: `$name` looks in the option's own group, then in DEFAULT. */
  #interpolate(group: string, name: string, value: string, seen: Set<string>): string {
    const self = `${group}.${name}`;
    if (seen.has(self)) throw new ConfigFileValueError(group, name, `recursive reference to ${self}`);
    const inner = new Set(seen).add(self);
    return value.replace(TEMPLATE, (whole, dollar?: string, braced?: string, bare?: string) => {
      if (dollar) return '$';
      const ref = (braced ?? bare)!;
      const resolved = this.#resolveReference(group, ref, inner);
      if (resolved === undefined) {
        throw new ConfigFileValueError(group, name, `cannot substitute ${whole}: no such option ${ref}`);
      }
      return resolved;
    });
  }

  #resolveReference(group: string, ref: string, seen: Set<string>): string | undefined {
    const dot = ref.indexOf('.');
    const candidates: FoundName[] =
      dot === -1
        ? [
            { group, name: ref },
            { group: 'DEFAULT', name: ref },
          ]
        : [{ group: normalizeGroupName(ref.slice(0, dot)), name: ref.slice(dot + 1) }];
    for (const c of candidates) {
      if (this.#definition(c.group, c.name)) return formatValue(this.#typed(c.group, c.name, seen));
      const raw = this.#rawValues([c], false);
      if (raw) return this.#interpolate(c.group, c.name, raw.at(-1)!, seen);
    }
    return undefined;
  }

  #emitDeprecationWarnings(): void {
    const warned = new Set<string>();
    const warnOnce = (message: string) => {
      if (warned.has(message)) return;
      warned.add(message);
      this.#warn(message);
    };
    const renamed = new Map<string, FoundName>();
    for (const [group, options] of Object.entries(NOVA_OPTIONS) as [string, Record<string, Definition>][]) {
      for (const [name, def] of Object.entries(options)) {
        for (const d of def.deprecatedNames ?? []) {
          renamed.set(`${normalizeGroupName(d.group ?? group)}\0${d.name ?? name}`, { group, name });
        }
      }
    }
    for (const file of this.#files) {
      for (const [group, section] of file.sections) {
        for (const key of section.keys()) {
          const current = renamed.get(`${group}\0${key}`);
          if (current) {
            warnOnce(
              `Option "${key}" from group "${group}" is deprecated. Use option "${current.name}" from group "${current.group}".`,
            );
          }
          const def = this.#definition(group, key);
          if (def?.deprecatedForRemoval) {
            const reason = def.deprecatedReason ? ` (${def.deprecatedReason})` : '';
            warnOnce(
              `Option "${key}" from group "${group}" is deprecated for removal${reason}.  Its value may be silently ignored in the future.`,
            );
          }
        }
      }
    }
  }
}
