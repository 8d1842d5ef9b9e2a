import { describe, expect, it } from 'vitest';
import { convertValue, formatValue, Opt, parseBool, parseDict, parseList } from './option-types.js';

describe('option value types', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['YES', true],
    ['on', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['OFF', false],
    ['0', false],
  ])('bool %s -> %s', (raw, want) => {
    expect(parseBool(raw)).toBe(want);
  });

  it('rejects other booleans', () => {
    expect(() => parseBool('maybe')).toThrow(/Unexpected boolean value/);
  });

  it.each([
    { raw: 'a,b , c', want: ['a', 'b', 'c'] },
    { raw: '', want: [] },
    { raw: 'single', want: ['single'] },
    { raw: '"q",x', want: ['q', 'x'] },
  ])('list "$raw"', ({ raw, want }) => {
    expect(parseList(raw)).toEqual(want);
  });

  it('parses dicts k:v,k:v and keeps colons in values', () => {
    expect(parseDict('a:1, b : http://x:2')).toEqual({ a: '1', b: 'http://x:2' });
    expect(parseDict('')).toEqual({});
    expect(() => parseDict('a:1,b')).toThrow(/key:value/);
  });

  it.each([
    { def: Opt.int(0, ''), raw: ['42'], want: 42 },
    { def: Opt.float(0, ''), raw: ['1.5'], want: 1.5 },
    { def: Opt.str('', ''), raw: ['a', 'b'], want: 'b' },
    { def: Opt.multistr([], ''), raw: ['a', 'b'], want: ['a', 'b'] },
    { def: Opt.port(0, ''), raw: ['8774'], want: 8774 },
  ])('converts $raw with the last value winning except multistr', ({ def, raw, want }) => {
    expect(convertValue(def, raw)).toEqual(want);
  });

  it.each([
    { def: Opt.int(0, ''), raw: '4.5', error: /not an integer/ },
    { def: Opt.int(0, '', { min: 1 }), raw: '0', error: /greater than or equal to 1/ },
    { def: Opt.port(0, ''), raw: '70000', error: /less than or equal to 65535/ },
    { def: Opt.float(0, ''), raw: 'x', error: /not a float/ },
    { def: Opt.str('a', '', { choices: ['a', 'b'] }), raw: 'c', error: /Valid values are \[a, b\]/ },
  ])('rejects $raw', ({ def, raw, error }) => {
    expect(() => convertValue(def, [raw])).toThrow(error);
  });

  it('formats values the way Python prints them for interpolation', () => {
    expect(formatValue(true)).toBe('True');
    expect(formatValue(['a', 'b'])).toBe('a,b');
    expect(formatValue({ a: '1' })).toBe('a:1');
    expect(formatValue(null)).toBe('');
  });
});
