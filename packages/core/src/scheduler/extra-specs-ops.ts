/**
 * Nova's `scheduler/filters/extra_specs_ops.py`: how a flavor extra spec
 * (or aggregate metadata value) is matched against a host value. A bare
 * value means "equal, or numerically at least"; operators come first:
 * `= 4` (at least), `== 4`, `!= 4`, `>= 4`, `<= 4`, `s== x`, `s!= x`,
 * `s>= x`, `s> x`, `s<= x`, `s< x`, `<in> x`, `<all-in> a b`, `<or> a <or> b`.
 */

function numeric(a: string, b: string, cmp: (x: number, y: number) => boolean): boolean {
  const x = Number(a);
  const y = Number(b);
  // NOTE(nova): a non-numeric side makes the comparison false rather than an error.
  if (a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)) return false;
  return cmp(x, y);
}

const OPERATORS: Record<string, (value: string, arg: string, args: string[]) => boolean> = {
  '=': (v, a) => numeric(v, a, (x, y) => x >= y),
  '<in>': (v, a) => v.includes(a),
  '<all-in>': (v, _a, args) => args.every((x) => v.includes(x)),
  '==': (v, a) => numeric(v, a, (x, y) => x === y),
  '!=': (v, a) => numeric(v, a, (x, y) => x !== y),
  '>=': (v, a) => numeric(v, a, (x, y) => x >= y),
  '<=': (v, a) => numeric(v, a, (x, y) => x <= y),
  's==': (v, a) => v === a,
  's!=': (v, a) => v !== a,
  's<': (v, a) => v < a,
  's<=': (v, a) => v <= a,
  's>': (v, a) => v > a,
  's>=': (v, a) => v >= a,
};

/**
 * Whether host `value` satisfies `requirement`. Mirrors `extra_specs_ops.match`:
 * a requirement without a known operator must equal the value as a string.
 */
export function matchExtraSpec(value: string, requirement: string): boolean {
  const words = requirement.split(/\s+/).filter((w) => w.length > 0);
  const op = words[0];
  if (op === undefined) return value === requirement;
  if (op === '<or>') {
    // "<or> a <or> b": the value equals one of the alternatives.
    const alternatives = words.filter((_, i) => i % 2 === 1);
    return alternatives.includes(value);
  }
  const fn = OPERATORS[op];
  if (fn === undefined || words.length < 2) return value === requirement;
  if (op === '<all-in>') return fn(value, words[1] as string, words.slice(1));
  return fn(value, words.slice(1).join(' '), words.slice(1));
}
