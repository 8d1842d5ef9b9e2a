/**
 * nova.conf's INI dialect, read the way oslo.config's `iniparser` reads it:
 * `[section]` headers, `key = value` or `key: value`, whole-line `#`/`;`
 * comments (a `#` after a value is part of the value), indented lines continue
 * the previous value (joined with a newline) until a blank line, and every
 * assignment of a key is kept in order so that MultiStrOpt can see them all.
 */
import { ConfigFileParseError } from './config-errors.js';

/** Values of one section by key; each key keeps every assignment, in file order. */
export type IniSection = Map<string, string[]>;

/** A parsed file: sections by normalised name (see `normalizeGroupName`), in file order. */
export interface IniDocument {
  /** A name for messages, e.g. the file path. */
  readonly name: string;
  readonly sections: Map<string, IniSection>;
}

/** oslo.config keeps `DEFAULT` as written and lower-cases every other group name. */
export function normalizeGroupName(group: string): string {
  return group === 'DEFAULT' ? group : group.toLowerCase();
}

/** Parses one file's text; throws ConfigFileParseError on the first bad line. */
export function parseIni(text: string, name = '<string>'): IniDocument {
  const sections = new Map<string, IniSection>();
  let section: IniSection | null = null;
  let key: string | null = null;
  let value: string[] = [];
  let lineno = 0;
  const fail = (reason: string, line: string): never => {
    throw new ConfigFileParseError(name, lineno, reason, line);
  };
  const flush = () => {
    if (key === null || section === null) return;
    const values = section.get(key) ?? [];
    values.push(value.join('\n'));
    section.set(key, values);
    key = null;
    value = [];
  };

  for (const raw of text.split(/\r?\n/)) {
    lineno += 1;
    const line = raw.trimEnd();
    if (line === '') {
      // NOTE(oslo): a blank line ends a multi-line value.
      flush();
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (key === null) fail('Unexpected continuation line', line);
      value.push(line.trimStart());
      continue;
    }
    flush();
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) fail('Invalid section (must end with ])', line);
      if (line.length <= 2) fail('Empty section name', line);
      const group = normalizeGroupName(line.slice(1, -1).trim());
      section = sections.get(group) ?? new Map();
      sections.set(group, section);
    } else if (line.startsWith('#') || line.startsWith(';')) {
      // Comment lines carry nothing.
    } else {
      const [k, v] = splitKeyValue(line) ?? fail('No ":" or "=" found in assignment', line);
      if (k === '') fail('Key cannot be empty', line);
      if (section === null) fail('Section must be started before assignment', line);
      key = k;
      value = [v];
    }
  }
  flush();
  return { name, sections };
}

/** Splits on the first `=` or `:` (whichever comes first) and strips one pair of matching quotes. */
function splitKeyValue(line: string): [string, string] | null {
  const colon = line.indexOf(':');
  const equal = line.indexOf('=');
  if (colon === -1 && equal === -1) return null;
  const at = colon === -1 || (equal !== -1 && equal < colon) ? equal : colon;
  let value = line.slice(at + 1).trim();
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    value = value.slice(1, -1);
  }
  return [line.slice(0, at).trim(), value];
}
