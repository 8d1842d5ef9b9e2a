/**
 * The parsed form of an oslo.policy check string and its evaluation. The
 * semantics follow oslo.policy's `_checks`: `%(key)s` is filled from the
 * target (a missing key fails the check), values compare as Python's str()
 * renders them (`True`, `None`), roles compare case-insensitively, and a
 * `rule:` naming nothing falls back to the default rule or fails.
 */

export type PolicyCheck =
  | { readonly kind: 'true' }
  | { readonly kind: 'false' }
  | { readonly kind: 'rule'; readonly name: string }
  | { readonly kind: 'role'; readonly match: string }
  /** `attribute:match`, e.g. `project_id:%(project_id)s`, `system_scope:all`, `'member':%(role)s`. */
  | { readonly kind: 'generic'; readonly attribute: string; readonly match: string }
  | { readonly kind: 'and'; readonly checks: readonly PolicyCheck[] }
  | { readonly kind: 'or'; readonly checks: readonly PolicyCheck[] }
  | { readonly kind: 'not'; readonly check: PolicyCheck };

/** What the request is about (oslo's `target`): e.g. `{project_id, user_id}`. */
export type PolicyTarget = Readonly<Record<string, unknown>>;

/** Who asks (oslo's `creds`, from `RequestContext.to_policy_values()`). */
export type PolicyCredentials = Readonly<Record<string, unknown>>;

/** Looks up another rule by name for `rule:` checks; undefined when unknown. */
export type RuleLookup = (name: string) => PolicyCheck | undefined;

/** Python's `str()` of a JSON-ish value, as oslo.policy compares values. */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

const SUBSTITUTION = /%\(([^)]+)\)s/g;

/** Python's `match % target`; undefined when a named key is missing (oslo: the check fails). */
export function substitute(match: string, target: PolicyTarget): string | undefined {
  let missing = false;
  const out = match.replace(SUBSTITUTION, (_m, key: string) => {
    if (!Object.hasOwn(target, key)) {
      missing = true;
      return '';
    }
    return pythonStr(target[key]);
  });
  return missing ? undefined : out;
}

/** A quoted literal on the left of a generic check (`'member':%(role)s`), else undefined. */
function literal(attribute: string): string | undefined {
  const q = attribute[0];
  if ((q === "'" || q === '"') && attribute.length >= 2 && attribute.endsWith(q))
    return attribute.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(attribute)) return attribute;
  if (attribute === 'True' || attribute === 'False' || attribute === 'None') return attribute;
  return undefined;
}

/** oslo GenericCheck._find_in_dict: walks a dotted path, matching any element of a list. */
function findInCredentials(value: unknown, path: readonly string[], match: string): boolean {
  if (path.length === 0) return match === pythonStr(value);
  if (value === null || typeof value !== 'object') return false;
  const [key, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(value, key)) return false;
  const next = (value as Record<string, unknown>)[key];
  if (Array.isArray(next)) return next.some((v) => findInCredentials(v, rest, match));
  return findInCredentials(next, rest, match);
}

/**
 * Evaluates `check` for `creds` acting on `target`. Pure and synchronous;
 * `lookup` resolves `rule:` references (cycles are the caller's problem, as
 * in oslo.policy, so the enforcer rejects them when rules are loaded).
 */
export function evaluateCheck(
  check: PolicyCheck,
  target: PolicyTarget,
  creds: PolicyCredentials,
  lookup: RuleLookup,
): boolean {
  switch (check.kind) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return check.checks.every((c) => evaluateCheck(c, target, creds, lookup));
    case 'or':
      return check.checks.some((c) => evaluateCheck(c, target, creds, lookup));
    case 'not':
      return !evaluateCheck(check.check, target, creds, lookup);
    case 'rule': {
      const rule = lookup(check.name);
      return rule ? evaluateCheck(rule, target, creds, lookup) : false;
    }
    case 'role': {
      const match = substitute(check.match, target);
      const roles = creds.roles;
      if (match === undefined || !Array.isArray(roles)) return false;
      const wanted = match.toLowerCase();
      return roles.some((r) => String(r).toLowerCase() === wanted);
    }
    case 'generic': {
      const match = substitute(check.match, target);
      if (match === undefined) return false;
      const lit = literal(check.attribute);
      if (lit !== undefined) return match === lit;
      return findInCredentials(creds, check.attribute.split('.'), match);
    }
  }
}
