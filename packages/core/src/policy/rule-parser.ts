/**
 * oslo.policy's rule language: `@` (always), `!` (never), `rule:<name>`,
 * `role:<name>`, generic `<attribute>:<match>` checks, `and`, `or`, `not`
 * and parentheses (`not` binds tightest, then `and`, then `or`), an empty
 * string meaning "always", and the legacy list form of JSON policy files
 * (`[["a", "b"], ["c"]]` = `(a and b) or c`). Invalid text is a typed error.
 */
import type { PolicyCheck } from './policy-check.js';
import { PolicyParseError } from './policy-errors.js';

type Token =
  | { readonly type: '(' | ')' | 'and' | 'or' | 'not' }
  | { readonly type: 'check'; readonly check: PolicyCheck };

function parseAtom(rule: string, text: string): PolicyCheck {
  if (text === '@') return { kind: 'true' };
  if (text === '!') return { kind: 'false' };
  const colon = text.indexOf(':');
  if (colon <= 0) throw new PolicyParseError(rule, `'${text}' is not a check (expected kind:match, @ or !)`);
  const kind = text.slice(0, colon);
  const match = text.slice(colon + 1);
  if (kind === 'rule') return { kind: 'rule', name: match };
  if (kind === 'role') return { kind: 'role', match };
  // NOTE(oslo): http/https checks call out to a remote server; Novats does not support them.
  if (kind === 'http' || kind === 'https')
    throw new PolicyParseError(rule, `${kind} checks are not supported`);
  return { kind: 'generic', attribute: kind, match };
}

/** oslo.policy's tokenizer: whitespace-separated, parentheses peeled off each word. */
function tokenize(rule: string): Token[] {
  const tokens: Token[] = [];
  for (const word of rule.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.startsWith('(')) {
      tokens.push({ type: '(' });
      w = w.slice(1);
    }
    let trailing = 0;
    while (w.endsWith(')')) {
      trailing++;
      w = w.slice(0, -1);
    }
    if (w) {
      const lowered = w.toLowerCase();
      if (lowered === 'and' || lowered === 'or' || lowered === 'not') tokens.push({ type: lowered });
      else tokens.push({ type: 'check', check: parseAtom(rule, w) });
    }
    for (let i = 0; i < trailing; i++) tokens.push({ type: ')' });
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly rule: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): PolicyCheck {
    const check = this.or();
    if (this.pos < this.tokens.length) this.fail(`unexpected '${this.describe(this.tokens[this.pos]!)}'`);
    return check;
  }

  private or(): PolicyCheck {
    const checks = [this.and()];
    while (this.peek() === 'or') {
      this.pos++;
      checks.push(this.and());
    }
    return checks.length === 1 ? checks[0]! : { kind: 'or', checks };
  }

  private and(): PolicyCheck {
    const checks = [this.not()];
    while (this.peek() === 'and') {
      this.pos++;
      checks.push(this.not());
    }
    return checks.length === 1 ? checks[0]! : { kind: 'and', checks };
  }

  private not(): PolicyCheck {
    if (this.peek() === 'not') {
      this.pos++;
      return { kind: 'not', check: this.not() };
    }
    const token = this.tokens[this.pos++];
    if (!token) return this.fail('unexpected end of rule');
    if (token.type === 'check') return token.check;
    if (token.type === '(') {
      const inner = this.or();
      if (this.tokens[this.pos++]?.type !== ')') this.fail("missing ')'");
      return inner;
    }
    return this.fail(`unexpected '${this.describe(token)}'`);
  }

  private peek(): Token['type'] | undefined {
    return this.tokens[this.pos]?.type;
  }

  private describe(token: Token): string {
    return token.type === 'check' ? 'check' : token.type;
  }

  private fail(reason: string): never {
    throw new PolicyParseError(this.rule, reason);
  }
}

/** A check string in oslo.policy's text form; `''` allows everyone. */
export function parseRule(rule: string): PolicyCheck {
  const tokens = tokenize(rule);
  if (tokens.length === 0) return { kind: 'true' };
  return new Parser(rule, tokens).parse();
}

/** A rule as a policy file may give it: text, or the legacy list of and-lists. */
export type PolicyRuleSource = string | readonly (string | readonly string[])[];

export function parsePolicyRule(source: PolicyRuleSource): PolicyCheck {
  if (typeof source === 'string') return parseRule(source);
  if (!Array.isArray(source)) throw new PolicyParseError(String(source), 'a rule is a string or a list');
  if (source.length === 0) return { kind: 'true' };
  const alternatives = source.map((inner): PolicyCheck => {
    const list = typeof inner === 'string' ? [inner] : inner;
    if (!Array.isArray(list) || list.some((c) => typeof c !== 'string'))
      throw new PolicyParseError(JSON.stringify(source), 'a list rule holds lists of check strings');
    const checks = list.map((c) => parseRule(c));
    return checks.length === 1 ? checks[0]! : { kind: 'and', checks };
  });
  return alternatives.length === 1 ? alternatives[0]! : { kind: 'or', checks: alternatives };
}
